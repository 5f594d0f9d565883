import { Inject, Injectable, Optional } from '@nestjs/common';
import { ViewEngine } from '../../common/views/view-engine.js';
import { BookingStatus } from '../bookings/booking-status.js';
import { bookingEventUid, buildCalendarFile, type CalendarEventStatus } from './calendar-file.js';
import {
  ClientEmailKind,
  type BookingEmailKind,
  type BookingEmailSnapshot,
  type CreditEmailKind,
  type CreditEmailSnapshot,
  type RenderedEmail,
} from './client-emails.types.js';
import { policyText, toBookingEmailView, toCreditEmailView, toSubject, type EmailView } from './client-emails.views.js';
import type { OutgoingEmail } from './mail-transport.js';

/** Handlebars' escapes (see its escapeExpression), undone in one pass for the text part. */
const HTML_ESCAPES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
};

/**
 * The text part goes through the same escaping engine as every template (so no template ever uses {{{ }}}), then
 * loses exactly those escapes: a single pass over a fixed set is the exact inverse, whatever the user typed.
 */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => HTML_ESCAPES[entity] ?? entity);
}

const STATUS_IN_CALENDAR: Partial<Record<BookingStatus, CalendarEventStatus>> = {
  [BookingStatus.Pending]: 'TENTATIVE',
  [BookingStatus.Confirmed]: 'CONFIRMED',
  [BookingStatus.Completed]: 'CONFIRMED',
  [BookingStatus.NoShow]: 'CONFIRMED',
  [BookingStatus.Cancelled]: 'CANCELLED',
};

function templateName(kind: ClientEmailKind): string {
  return `emails/${kind.replace(/_/g, '-')}`;
}

/** The RFC 8058 pair: a one-click POST to the link, which mail providers show as their own "Unsubscribe" button. */
function listHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // RFC 3834: out-of-office responders should not answer a reminder.
    'Auto-Submitted': 'auto-generated',
  };
}

/**
 * Turns snapshots into finished messages: subject, HTML and text from views/emails/*.hbs (the pages' engine, so the
 * same escaping), the calendar file, and the headers. The web process shares its ViewEngine (ViewsModule is global
 * there); the worker has no ViewsModule, so it compiles its own copy of the same templates.
 */
@Injectable()
export class EmailRenderer {
  private readonly engine: ViewEngine;

  constructor(@Optional() @Inject(ViewEngine) engine?: ViewEngine) {
    this.engine = engine ?? new ViewEngine();
  }

  booking(kind: BookingEmailKind, snapshot: BookingEmailSnapshot, to: string, unsubscribeUrl: string): RenderedEmail {
    const view = toBookingEmailView(kind, snapshot, unsubscribeUrl);
    const cancel = kind === ClientEmailKind.BookingCancelled || snapshot.booking.status === BookingStatus.Cancelled;
    const { booking, trainer, client } = snapshot;
    const content = buildCalendarFile({
      uid: bookingEventUid(booking.id),
      // A cancel outranks every invite sent for this booking, even when the cancel itself did not bump the version.
      sequence: cancel ? booking.scheduleVersion + 1 : booking.scheduleVersion,
      method: cancel ? 'CANCEL' : 'REQUEST',
      status: cancel ? 'CANCELLED' : (STATUS_IN_CALENDAR[booking.status] ?? 'CONFIRMED'),
      start: booking.startTime,
      end: booking.endTime,
      stamp: snapshot.at,
      summary: `Session with ${trainer.businessName}`,
      description: `${policyText(trainer)}\nQuestions? Write to ${trainer.contactName} at ${trainer.contactEmail}.`,
      organizer: { name: trainer.businessName, email: trainer.contactEmail },
      attendee: { name: client.name, email: to },
    });
    return {
      ...this.message(view, to, trainer.contactEmail),
      icalEvent: { method: cancel ? 'CANCEL' : 'REQUEST', filename: 'session.ics', content },
    };
  }

  credits(kind: CreditEmailKind, snapshot: CreditEmailSnapshot, to: string, unsubscribeUrl: string): RenderedEmail {
    return this.message(toCreditEmailView(kind, snapshot, unsubscribeUrl), to, snapshot.trainer.contactEmail);
  }

  private message(
    view: EmailView,
    to: string,
    replyTo: string,
  ): RenderedEmail & Required<Pick<OutgoingEmail, 'replyTo'>> {
    const name = templateName(view.kind);
    const html = this.engine.renderPage(`${name}.html`, { ...view }, 'emails/layout.html').trim();
    const text = unescapeHtml(this.engine.renderPage(`${name}.text`, { ...view }, 'emails/layout.text'))
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    // A display name is a header too: one line, and no quote to end it early.
    const fromName = toSubject(`${view.trainer.businessName} via TrainerHub`).replace(/"/g, '');
    return {
      kind: view.kind,
      to,
      fromName,
      replyTo,
      subject: view.subject,
      html,
      text: `${text}\n`,
      headers: listHeaders(view.unsubscribeUrl),
    };
  }
}
