import type { BookingStatus } from '../bookings/booking-status.js';
import type { OutgoingEmail } from './mail-transport.js';

/** Every email a client can get. The values double as template names (views/emails/<kind with dashes>.*.hbs). */
export enum ClientEmailKind {
  BookingConfirmed = 'booking_confirmed',
  BookingRescheduled = 'booking_rescheduled',
  BookingCancelled = 'booking_cancelled',
  SessionReminder = 'session_reminder',
  CreditsLow = 'credits_low',
  CreditsExpiring = 'credits_expiring',
}

export type BookingEmailKind =
  | ClientEmailKind.BookingConfirmed
  | ClientEmailKind.BookingRescheduled
  | ClientEmailKind.BookingCancelled
  | ClientEmailKind.SessionReminder;

export type CreditEmailKind = ClientEmailKind.CreditsLow | ClientEmailKind.CreditsExpiring;

export const BOOKING_EMAIL_KINDS: readonly BookingEmailKind[] = [
  ClientEmailKind.BookingConfirmed,
  ClientEmailKind.BookingRescheduled,
  ClientEmailKind.BookingCancelled,
  ClientEmailKind.SessionReminder,
];

/** The trainer as an email shows them: who writes, on whose clock, and how to reach them. */
export interface EmailTrainer {
  id: string;
  businessName: string;
  timeZone: string;
  contactName: string;
  contactEmail: string;
  cancellationCutoffHours: number;
}

export interface EmailClient {
  id: string;
  name: string;
  email: string | null;
  /** Set once the client used an unsubscribe link: no reminder or notice goes to them after that. */
  emailOptOutAt: Date | null;
}

/**
 * Everything a booking email needs, read from PostgreSQL when the email is made (see
 * ClientEmailsService.bookingSnapshot), so a reminder always tells the session's current time.
 */
export interface BookingEmailSnapshot {
  booking: {
    id: string;
    startTime: Date;
    endTime: Date;
    status: BookingStatus;
    /** The calendar file's SEQUENCE: bumped on every reschedule and on the cancel. */
    scheduleVersion: number;
    cancellationReason: string | null;
  };
  /** For a reschedule notice: when the session was before the move. */
  previousStartTime?: Date | null;
  client: EmailClient;
  trainer: EmailTrainer;
  /** When the email is made (the calendar file's DTSTAMP); from the caller's clock. */
  at: Date;
}

/** A low-credit or credits-expiring notice. */
export interface CreditEmailSnapshot {
  client: EmailClient;
  trainer: EmailTrainer;
  packageName: string;
  credits: number;
  /** For the expiry notice: the end of the last valid day. */
  expiresAt: Date | null;
  at: Date;
}

/** Why a client gets no email; the notification log records it as the reason a message was skipped. */
export type EmailSkipReason = 'no_email' | 'opted_out';

/** A message rendered and ready for MailTransport.send. */
export interface RenderedEmail extends OutgoingEmail {
  kind: ClientEmailKind;
}
