import type { BookingStatus, CancelledBy } from './booking-status.js';

/**
 * A session as the list screens and the API read it: plain columns plus its client's id and name. List routes
 * read these as rows (no entity hydration, no identity map); a Booking entity has the same shape, so the views
 * and the API mapper take either.
 */
export interface BookingRead {
  id: string;
  client: { id: string; name: string };
  clientPackage?: { id: string } | null;
  startTime: Date;
  endTime: Date;
  status: BookingStatus;
  priceMinor?: number | null;
  currency: string;
  paid: boolean;
  notes?: string | null;
  cancelledAt?: Date | null;
  cancelledBy?: CancelledBy | null;
  cancellationReason?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A list row with what its menu needs beyond the session: whether a forfeited credit can still be given back. */
export interface SessionRead {
  booking: BookingRead;
  waivable: boolean;
}
