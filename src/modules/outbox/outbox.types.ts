/** What an outbox row asks the relay to do: a booking change, or rollup days to recompute. */
export enum OutboxTopic {
  BookingCreated = 'booking.created',
  BookingRescheduled = 'booking.rescheduled',
  BookingCancelled = 'booking.cancelled',
  /** Payments or credit ledger rows changed: the trainer's rollups for those local days are out of date. */
  RollupsRefresh = 'rollups.refresh',
}

export type BookingTopic = OutboxTopic.BookingCreated | OutboxTopic.BookingRescheduled | OutboxTopic.BookingCancelled;

export const BOOKING_TOPICS: readonly BookingTopic[] = [
  OutboxTopic.BookingCreated,
  OutboxTopic.BookingRescheduled,
  OutboxTopic.BookingCancelled,
];

/** The door a change came through: the trainer gets a copy of what the API (their app) did, not of their own clicks. */
export type ChangeOrigin = 'api' | 'web';

export interface BookingChangedPayload {
  trainerId: string;
  bookingId: string;
  /** The booking's schedule version after the change. */
  scheduleVersion: number;
  /** For a reschedule: the start before the move (ISO), for the notice and the old day's rollup. */
  previousStartTime?: string | null;
  /** Left out by callers that do not say (the web door, older rows): no trainer copy then. */
  origin?: ChangeOrigin;
}

export interface RollupsRefreshPayload {
  trainerId: string;
  /**
   * When the changed rows count (ISO instants: a payment's paid_at, a ledger row's time). The relay turns them into
   * local days in the trainer's zone as it is then, the zone the rollup itself buckets by.
   */
  at: string[];
}
