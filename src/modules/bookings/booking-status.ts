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

/**
 * The statuses a session counts under in the revenue rollups (on the day it starts; ROLLUP_REBUILD_SQL names the
 * same three). A pending or confirmed session counts nowhere yet, so creating or moving one changes no rollup.
 */
export const ROLLUP_COUNTED_STATUSES: readonly BookingStatus[] = [
  BookingStatus.Completed,
  BookingStatus.Cancelled,
  BookingStatus.NoShow,
];
