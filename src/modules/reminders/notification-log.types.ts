/** What a message on a booking's notification log is for. */
export enum NotificationPurpose {
  Confirmation = 'confirmation',
  RescheduleNotice = 'reschedule_notice',
  CancellationNotice = 'cancellation_notice',
  Reminder = 'reminder',
  /** The trainer's own copy of a session booked or cancelled through the API (a setting). */
  TrainerCopyBooked = 'trainer_copy_booked',
  TrainerCopyCancelled = 'trainer_copy_cancelled',
  /** A purpose this version does not know (a newer worker wrote it): shown, never hidden. */
  Other = 'other',
}

/**
 * A message's state as the trainer reads it. `skipped` covers both a client who gets no email and a message the
 * booking no longer needs (cancelled, moved, already started); the entry's reason says which.
 */
export enum NotificationLogStatus {
  Planned = 'planned',
  /** A worker holds the claim and is sending it right now. */
  Sending = 'sending',
  Sent = 'sent',
  /** No mail server is set up (no SMTP_URL): the message was written to the worker's log instead. */
  Logged = 'logged',
  Failed = 'failed',
  Skipped = 'skipped',
}

/** Why a message did not (yet) go out, as a code for apps; the entry's `reason` is the sentence for people. */
export enum NotificationReasonCode {
  NoEmail = 'no_email',
  OptedOut = 'opted_out',
  BookingCancelled = 'booking_cancelled',
  Rescheduled = 'rescheduled',
  SessionStarted = 'session_started',
  /** The session was marked completed or a no-show (or, for a cancellation notice, is no longer cancelled). */
  BookingChanged = 'booking_changed',
  /** A send failed and will be tried again. */
  Retrying = 'retrying',
  /** The mail server refused the message, or could not be reached after every retry. */
  SendFailed = 'send_failed',
  Other = 'other',
}

/** One row of a booking's notification log, as the service answers it to both doors. */
export interface NotificationLogEntry {
  id: string;
  purpose: NotificationPurpose;
  /** For a reminder: how long before the session it is due (1440 for the 24-hour reminder); else null. */
  leadMinutes: number | null;
  channel: string;
  status: NotificationLogStatus;
  /** Which version of the session's time it belongs to: a reschedule bumps it. */
  scheduleVersion: number;
  scheduledFor: Date;
  sentAt: Date | null;
  attempts: number;
  recipient: string | null;
  reasonCode: NotificationReasonCode | null;
  /** One sentence for people: why it was skipped, or what went wrong; null when nothing did. */
  reason: string | null;
  providerMessageId: string | null;
  /** When the row last changed: when it was sent, skipped or failed. */
  updatedAt: Date;
}

export interface BookingNotificationLog {
  bookingId: string;
  /** Soonest first: what happened, then what is still to come. */
  entries: NotificationLogEntry[];
}
