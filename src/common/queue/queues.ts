/** Queue and job names in one place, so the web process (producer) and the worker (consumer) agree. */
export enum QueueName {
  Reminders = 'reminders',
  /** Booking confirmation, reschedule and cancellation notices: sent as soon as the outbox relay moves them. */
  Emails = 'emails',
  Rollups = 'rollups',
  Maintenance = 'maintenance',
}

export const ALL_QUEUES: readonly QueueName[] = [
  QueueName.Reminders,
  QueueName.Emails,
  QueueName.Rollups,
  QueueName.Maintenance,
];

/** Narrows a string from outside (a URL segment) to a queue this app owns. */
export function isQueueName(value: unknown): value is QueueName {
  return typeof value === 'string' && (ALL_QUEUES as readonly string[]).includes(value);
}

export enum MaintenanceJob {
  PurgeIdempotencyKeys = 'purge-idempotency-keys',
  /** Daily: deletes outbox rows the relay processed more than a week ago. */
  CleanupOutbox = 'cleanup-outbox',
}

export enum RollupJob {
  /** Recompute one trainer's rollup for one local day, after a booking, payment or ledger change. */
  RefreshDay = 'refresh-day',
  /** Hourly: for the trainers at ~03:00 local, expire due credits and rebuild their last 35 days. */
  NightlySweep = 'nightly-sweep',
}

export interface RefreshDayPayload {
  trainerId: string;
  /** Local date in the trainer's zone, "YYYY-MM-DD". */
  day: string;
}

/** Changes to one (trainer, day) inside one window share a single job; see rollupDayJob. */
export const ROLLUP_DEBOUNCE_MS = 5_000;
/** How long after its window closes a job starts, so a producer whose clock lags a little still lands in time. */
export const ROLLUP_SETTLE_MS = 2_000;

/**
 * The deterministic id and delay of the refresh job for a change seen at `nowMs`. The id carries the debounce
 * window, not just (trainer, day): BullMQ ignores an add whose id is still known, and if it were only
 * (trainer, day) a change made while that job is already running would be dropped. Every add inside a window
 * dedupes onto one job, which starts only after the window has closed, so it reads every change of its window.
 * (BullMQ 6 refuses ':' in custom ids, hence the dots.)
 */
export function rollupDayJob(payload: RefreshDayPayload, nowMs: number): { jobId: string; delay: number } {
  const window = Math.floor(nowMs / ROLLUP_DEBOUNCE_MS);
  const startsAt = (window + 1) * ROLLUP_DEBOUNCE_MS + ROLLUP_SETTLE_MS;
  return { jobId: `rollup.${payload.trainerId}.${payload.day}.${window}`, delay: startsAt - nowMs };
}

/**
 * Jobs each worker process runs at once on the reminders and emails queues. A send is mostly waiting (PostgreSQL
 * for the re-read, the claim and the outcome, the SMTP server for its reply), and the statements of sends in
 * flight together are batched (common/batching/coalescer.ts), so more sends at once means fewer statements per
 * send: at 32 a worker delivered a backlog at 1,435 reminders a second and its CPU profile was 40 % idle; at
 * 128, 2,188 a second with p99 lateness of 98 ms at 2,000 due a second (bench/RESULTS.md). The claim on the
 * notification row keeps any number of them from doubling a send. With SMTP each send holds its own connection,
 * bounded by the transport's timeouts; a server that refuses some at a peak (4xx) only delays them to a retry.
 */
export const SEND_CONCURRENCY = 128;

export enum ReminderJob {
  /** One reminder of one booking, at one lead time, for one schedule version. */
  Send = 'send-reminder',
}

export enum EmailJob {
  /** A booking confirmation, reschedule or cancellation notice. */
  BookingNotice = 'booking-notice',
}

/** The booking notices; the values match ClientEmailKind (common/ imports no module, hence the literals). */
export type BookingNoticeKind = 'booking_confirmed' | 'booking_rescheduled' | 'booking_cancelled';

export interface ReminderPayload {
  trainerId: string;
  bookingId: string;
  leadMinutes: number;
  scheduleVersion: number;
  /** The session's start (ISO) the reminder was planned for: a moved session makes the job stale. */
  startTime: string;
  /** When it is due (ISO), after quiet hours moved it. */
  fireAt: string;
}

export interface BookingNoticePayload {
  trainerId: string;
  bookingId: string;
  kind: BookingNoticeKind;
  scheduleVersion: number;
  /** For a reschedule notice: the start before the move (ISO). */
  previousStartTime?: string | null;
}

/** The notifications.purpose of a reminder ("reminder:1440"); the claim is unique per (booking, purpose, version). */
export function reminderPurpose(leadMinutes: number): string {
  return `reminder:${leadMinutes}`;
}

/**
 * Deterministic ids: the relay, a second relay and the reconciler all add the same id, and BullMQ keeps one job.
 * The schedule version is part of it, so a reschedule plans new jobs rather than colliding with the old ones.
 */
export function reminderJobId(bookingId: string, leadMinutes: number, scheduleVersion: number): string {
  return `reminder.${bookingId}.${leadMinutes}.${scheduleVersion}`;
}

export function noticeJobId(bookingId: string, kind: BookingNoticeKind, scheduleVersion: number): string {
  return `notice.${bookingId}.${kind}.${scheduleVersion}`;
}
