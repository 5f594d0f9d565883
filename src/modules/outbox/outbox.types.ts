/** What an outbox row asks the relay to do; the topic says which booking change caused it. */
export enum OutboxTopic {
  BookingCreated = 'booking.created',
  BookingRescheduled = 'booking.rescheduled',
  BookingCancelled = 'booking.cancelled',
}

export interface BookingChangedPayload {
  trainerId: string;
  bookingId: string;
  /** The booking's schedule version after the change. */
  scheduleVersion: number;
  /** For a reschedule: the start before the move (ISO), for the notice. */
  previousStartTime?: string | null;
}
