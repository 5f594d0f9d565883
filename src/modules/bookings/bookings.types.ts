import type { Booking } from './booking.entity.js';
import type { BookingStatus } from './booking-status.js';

export const DURATION_LIMITS = { min: 5, max: 720 } as const;
export const NOTES_MAX = 5_000;
export const REASON_MAX = 500;
export const PRICE_MAX_MINOR = 100_000_000;

export interface CreateBookingInput {
  clientId: string;
  startTime: Date;
  durationMinutes: number;
  priceMinor?: number | null;
  notes?: string | null;
  /** Pay with a credit from this purchase of the client's. */
  clientPackageId?: string | null;
  /** Pay with a credit from the client's valid purchase that expires soonest. */
  useCredit?: boolean;
  /** The trainer saw the "outside working hours" warning and books anyway (web form only). */
  acceptOutsideHours?: boolean;
  /** Refuse instead of warn when outside hours (the web form asks first); the API books and reports warnings. */
  requireHoursConfirmation?: boolean;
}

/** Either part may be left out: it then keeps its current value. */
export interface RescheduleInput {
  startTime?: Date;
  durationMinutes?: number;
  acceptOutsideHours?: boolean;
  requireHoursConfirmation?: boolean;
}

export interface BookingFilter {
  from?: Date;
  to?: Date;
  statuses?: BookingStatus[];
  clientId?: string;
  /** Soonest first (upcoming lists) or latest first (history). */
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  /** Page number for the web list (offset pagination is fine for a human paging through). */
  page?: number;
}

export function durationOf(booking: Pick<Booking, 'startTime' | 'endTime'>): number {
  return Math.round((booking.endTime.getTime() - booking.startTime.getTime()) / 60_000);
}
