import { BookingStatus } from './booking-status.js';

export type BookingAction = 'confirm' | 'complete' | 'no_show' | 'cancel' | 'reschedule';

/** Which actions each status allows. Completed, no-show and cancelled sessions are history: nothing moves them. */
const ALLOWED: Record<BookingStatus, readonly BookingAction[]> = {
  [BookingStatus.Pending]: ['confirm', 'complete', 'no_show', 'cancel', 'reschedule'],
  [BookingStatus.Confirmed]: ['complete', 'no_show', 'cancel', 'reschedule'],
  [BookingStatus.Completed]: [],
  [BookingStatus.NoShow]: [],
  [BookingStatus.Cancelled]: [],
};

const RESULT: Record<Exclude<BookingAction, 'reschedule'>, BookingStatus> = {
  confirm: BookingStatus.Confirmed,
  complete: BookingStatus.Completed,
  no_show: BookingStatus.NoShow,
  cancel: BookingStatus.Cancelled,
};

export function canApply(status: BookingStatus, action: BookingAction): boolean {
  return ALLOWED[status].includes(action);
}

export function statusAfter(action: Exclude<BookingAction, 'reschedule'>): BookingStatus {
  return RESULT[action];
}

export function actionsFor(status: BookingStatus): readonly BookingAction[] {
  return ALLOWED[status];
}

const STATUS_WORDS: Record<BookingStatus, string> = {
  [BookingStatus.Pending]: 'pending',
  [BookingStatus.Confirmed]: 'confirmed',
  [BookingStatus.Completed]: 'completed',
  [BookingStatus.NoShow]: 'marked as a no-show',
  [BookingStatus.Cancelled]: 'cancelled',
};

const ACTION_WORDS: Record<BookingAction, string> = {
  confirm: 'confirmed',
  complete: 'marked completed',
  no_show: 'marked as a no-show',
  cancel: 'cancelled',
  reschedule: 'rescheduled',
};

/** "This session is cancelled, so it can't be marked completed." */
export function transitionRefusal(status: BookingStatus, action: BookingAction): string {
  return `This session is ${STATUS_WORDS[status]}, so it can’t be ${ACTION_WORDS[action]}.`;
}
