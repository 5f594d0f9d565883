import { formatLongDate, formatTime } from '../../common/time/format.js';
import { formatDateTimeInZone, zoneLabel } from '../../common/time/zone-label.js';
import {
  ClientEmailKind,
  type BookingEmailKind,
  type BookingEmailSnapshot,
  type CreditEmailKind,
  type CreditEmailSnapshot,
  type EmailTrainer,
} from './client-emails.types.js';

/**
 * Pure functions from a snapshot to what the email templates show. Every time is on the trainer's clock and says
 * so ("Tue 3 Dec, 09:00 (London time)"): the client may read it in another zone, and the trainer's is the one the
 * session happens in.
 */

export interface EmailSessionView {
  when: string;
  endsAt: string;
  duration: string;
  zone: string;
}

export interface EmailView {
  kind: ClientEmailKind;
  subject: string;
  /** The first line most inboxes show after the subject. */
  preheader: string;
  heading: string;
  greeting: string;
  intro: string;
  session: EmailSessionView | null;
  /** Reschedule notices: the time the session no longer has. */
  previousWhen: string | null;
  reason: string | null;
  policy: string | null;
  trainer: { businessName: string; contactName: string; contactEmail: string };
  unsubscribeUrl: string;
  cancelled: boolean;
}

/** Header-safe one-liner: no control characters (so no CR/LF header injection), single spaces, bounded. */
export function toSubject(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200)
  );
}

function durationText(start: Date, end: Date): string {
  const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
  if (minutes % 60 === 0 && minutes >= 60) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

/** The cancellation policy in a sentence the client can act on. */
export function policyText(trainer: EmailTrainer): string {
  const hours = trainer.cancellationCutoffHours;
  if (hours <= 0) return `You can cancel or move a session with ${trainer.businessName} any time before it starts.`;
  const span = hours % 24 === 0 && hours >= 48 ? `${hours / 24} days` : `${hours} hour${hours === 1 ? '' : 's'}`;
  return `Need to cancel or move? Please tell ${trainer.businessName} at least ${span} before the session starts; later cancellations count as late and may use up the session.`;
}

function trainerView(trainer: EmailTrainer): EmailView['trainer'] {
  return { businessName: trainer.businessName, contactName: trainer.contactName, contactEmail: trainer.contactEmail };
}

export function toBookingEmailView(
  kind: BookingEmailKind,
  snapshot: BookingEmailSnapshot,
  unsubscribeUrl: string,
): EmailView {
  const { booking, trainer, client } = snapshot;
  const zone = trainer.timeZone;
  const when = formatDateTimeInZone(booking.startTime, zone);
  const business = trainer.businessName;
  const session: EmailSessionView = {
    when,
    endsAt: formatTime(booking.endTime, zone),
    duration: durationText(booking.startTime, booking.endTime),
    zone: zoneLabel(zone),
  };
  const base = {
    kind,
    greeting: `Hello ${client.name},`,
    session,
    previousWhen: null,
    reason: null,
    policy: policyText(trainer),
    trainer: trainerView(trainer),
    unsubscribeUrl,
    cancelled: false,
  };
  switch (kind) {
    case ClientEmailKind.BookingConfirmed:
      return {
        ...base,
        subject: toSubject(`Booked: your session with ${business}, ${when}`),
        preheader: `Your session is on ${when}.`,
        heading: 'Your session is booked',
        intro: `${business} has booked a session for you. The calendar file in this email adds it to your calendar.`,
      };
    case ClientEmailKind.BookingRescheduled:
      return {
        ...base,
        subject: toSubject(`Moved: your session with ${business} is now ${when}`),
        preheader: `New time: ${when}.`,
        heading: 'Your session has moved',
        intro: `${business} has moved your session to a new time. Your calendar updates with the file in this email.`,
        previousWhen: snapshot.previousStartTime ? formatDateTimeInZone(snapshot.previousStartTime, zone) : null,
      };
    case ClientEmailKind.BookingCancelled:
      return {
        ...base,
        subject: toSubject(`Cancelled: your session with ${business}, ${when}`),
        preheader: `The session on ${when} is cancelled.`,
        heading: 'Your session is cancelled',
        intro: `Your session with ${business} on ${when} is cancelled. The calendar file in this email removes it from your calendar.`,
        reason: booking.cancellationReason?.trim() || null,
        policy: null,
        cancelled: true,
      };
    case ClientEmailKind.SessionReminder:
      return {
        ...base,
        subject: toSubject(`Reminder: your session with ${business}, ${when}`),
        preheader: `See you on ${when}.`,
        heading: 'A reminder of your session',
        intro: `This is a reminder of your session with ${business}.`,
      };
  }
}

export function toCreditEmailView(
  kind: CreditEmailKind,
  snapshot: CreditEmailSnapshot,
  unsubscribeUrl: string,
): EmailView {
  const { trainer, client, credits } = snapshot;
  const business = trainer.businessName;
  const creditsText = `${credits} session credit${credits === 1 ? '' : 's'}`;
  const base = {
    kind,
    greeting: `Hello ${client.name},`,
    session: null,
    previousWhen: null,
    reason: null,
    policy: null,
    trainer: trainerView(trainer),
    unsubscribeUrl,
    cancelled: false,
  };
  if (kind === ClientEmailKind.CreditsLow) {
    return {
      ...base,
      subject: toSubject(`You have ${creditsText} left with ${business}`),
      preheader: `${creditsText} left on ${snapshot.packageName}.`,
      heading: `${creditsText} left`,
      intro: `You have ${creditsText} left on your ${snapshot.packageName} package with ${business}. Reply to this email to top up before you run out.`,
    };
  }
  const date = snapshot.expiresAt ? formatLongDate(snapshot.expiresAt, trainer.timeZone) : 'soon';
  return {
    ...base,
    subject: toSubject(`${creditsText} with ${business} expire on ${date}`),
    preheader: `Book before ${date} to use them.`,
    heading: `${creditsText} expire on ${date}`,
    intro: `${creditsText} on your ${snapshot.packageName} package with ${business} expire at the end of ${date}. Book a session before then to use them.`,
  };
}
