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

/** Outcomes that record what happened at the session, so they make sense only once it has begun. */
const ONLY_ONCE_STARTED: readonly BookingAction[] = ['complete', 'no_show'];

const RESULT: Record<Exclude<BookingAction, 'reschedule'>, BookingStatus> = {
  confirm: BookingStatus.Confirmed,
  complete: BookingStatus.Completed,
  no_show: BookingStatus.NoShow,
  cancel: BookingStatus.Cancelled,
};

/** A session as far as the lifecycle cares: its status and when it starts. */
export interface SessionState {
  status: BookingStatus;
  startTime: Date;
}

export type TransitionRefusal = { reason: 'status' | 'not_started'; message: string };

export function canApply(status: BookingStatus, action: BookingAction): boolean {
  return ALLOWED[status].includes(action);
}

export function hasStarted(session: SessionState, now: Date): boolean {
  return session.startTime.getTime() <= now.getTime();
}

/**
 * The one rule for "what can be done to this session now", used by the service (to refuse) and by the views
 * (to offer only these): the status allows it and, for completed and no-show, the session has started.
 */
export function actionsNow(session: SessionState, now: Date): BookingAction[] {
  const started = hasStarted(session, now);
  return ALLOWED[session.status].filter((action) => started || !ONLY_ONCE_STARTED.includes(action));
}

/** Why `action` can't be applied now, or null when it can. */
export function refusalNow(session: SessionState, action: BookingAction, now: Date): TransitionRefusal | null {
  if (!canApply(session.status, action))
    return { reason: 'status', message: transitionRefusal(session.status, action) };
  if (ONLY_ONCE_STARTED.includes(action) && !hasStarted(session, now)) {
    return {
      reason: 'not_started',
      message: `This session hasn’t started yet, so it can’t be ${ACTION_WORDS[action]}. Try again once it has begun.`,
    };
  }
  return null;
}

/** The one action a row offers first: Complete once the session has started, else Confirm while it is pending. */
export function primaryActionNow(session: SessionState, now: Date): 'complete' | 'confirm' | null {
  const actions = actionsNow(session, now);
  if (actions.includes('complete')) return 'complete';
  if (actions.includes('confirm')) return 'confirm';
  return null;
}

export function statusAfter(action: Exclude<BookingAction, 'reschedule'>): BookingStatus {
  return RESULT[action];
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
