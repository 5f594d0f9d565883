export enum BookingStatus {
  Pending = 'pending',
  Confirmed = 'confirmed',
  Completed = 'completed',
  NoShow = 'no_show',
  Cancelled = 'cancelled',
}

export enum CancelledBy {
  Trainer = 'trainer',
  Client = 'client',
}

/** Statuses that hold the trainer's time; the exclusion constraint covers exactly these. */
export const SLOT_HOLDING_STATUSES: readonly BookingStatus[] = [BookingStatus.Pending, BookingStatus.Confirmed];
