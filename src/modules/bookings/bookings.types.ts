import type { Booking } from './booking.entity.js';
import type { BookingStatus } from './booking-status.js';

export const DURATION_LIMITS = { min: 5, max: 720 } as const;

/**
 * The longest a session can last (the check constraint bookings_length_limit holds every row to it). A session
 * overlapping [start, end) therefore starts after start − this, so range reads bound start_time on both sides
 * and the index range stays a few rows wide however long the trainer's history is.
 */
export const LONGEST_SESSION_MS = DURATION_LIMITS.max * 60_000;

/** The earliest start a session overlapping something from `start` on can have (exclusive bound). */
export function earliestOverlappingStart(start: Date): Date {
  return new Date(start.getTime() - LONGEST_SESSION_MS);
}
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
  /** The door the booking came through; 'api' sends the trainer a copy when they asked for copies. */
  origin?: 'api' | 'web';
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
