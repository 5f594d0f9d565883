import { describe, expect, it } from '@jest/globals';
import { BookingStatus } from '../bookings/booking-status.js';
import { parseCalendarFile } from './calendar-file.js';
import {
  BOOKING_EMAIL_KINDS,
  ClientEmailKind,
  type BookingEmailSnapshot,
  type CreditEmailSnapshot,
} from './client-emails.types.js';
import { EmailRenderer, unescapeHtml } from './email-renderer.js';

const renderer = new EmailRenderer();
const UNSUBSCRIBE = 'https://app.test/unsubscribe/TOKEN';

const trainer = {
  id: '0b6c7a4e-9f1d-4c1e-8a57-3a2b1c0d9e8f',
  businessName: 'Ελένη Fit & Co',
  timeZone: 'America/New_York',
  contactName: 'Ελένη',
  contactEmail: 'eleni@studio.test',
  cancellationCutoffHours: 24,
};

function snapshot(overrides: Partial<BookingEmailSnapshot['booking']> = {}, name = 'Siobhán O’Brien') {
  return {
    booking: {
      id: 'f0e1d2c3-b4a5-4968-8776-655443322110',
      startTime: new Date('2026-12-03T14:00:00Z'),
      endTime: new Date('2026-12-03T15:00:00Z'),
      status: BookingStatus.Confirmed,
      scheduleVersion: 1,
      cancellationReason: null,
      ...overrides,
    },
    previousStartTime: new Date('2026-12-02T14:00:00Z'),
    client: { id: 'a0e1d2c3-b4a5-4968-8776-655443322110', name, email: 'client@example.test', emailOptOutAt: null },
    trainer,
    at: new Date('2026-12-01T12:00:00Z'),
  } satisfies BookingEmailSnapshot;
}

describe(EmailRenderer.name, () => {
  it.each(BOOKING_EMAIL_KINDS)('renders %s in HTML and text, on the trainer’s clock', (kind) => {
    const email = renderer.booking(kind, snapshot(), 'client@example.test', UNSUBSCRIBE);
    expect(email.subject).toContain('Thu 3 Dec, 09:00 (New York time)');
    expect(email.subject).toContain('Ελένη Fit & Co');
    for (const body of [email.text, unescapeHtml(email.html)]) {
      expect(body).toContain('Hello Siobhán O’Brien,');
      expect(body).toContain('Thu 3 Dec, 09:00 (New York time)');
      expect(body).toContain('eleni@studio.test');
      expect(body).toContain(UNSUBSCRIBE);
    }
    expect(email.html).toContain('Ελένη Fit &amp; Co');
    expect(email.text).not.toMatch(/&(amp|lt|gt|quot|#x27|#x3D);/);
    expect(email.headers).toEqual({
      'List-Unsubscribe': `<${UNSUBSCRIBE}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    });
    expect(email.replyTo).toBe('eleni@studio.test');
  });

  it.each(['Siobhán O’Brien', 'Łukasz', 'Ελένη', '李小龍'])('keeps the name %s intact everywhere', (name) => {
    const email = renderer.booking(ClientEmailKind.SessionReminder, snapshot({}, name), 'c@example.test', UNSUBSCRIBE);
    expect(email.text).toContain(`Hello ${name},`);
    expect(email.html).toContain(`Hello ${name},`);
    const attendee = parseCalendarFile(email.icalEvent?.content ?? '').find((line) => line.name === 'ATTENDEE');
    expect(attendee?.params).toContain(`CN="${name}"`);
  });

  it('states the cancellation policy in confirmations and reminders, not in a cancellation', () => {
    const confirm = renderer.booking(ClientEmailKind.BookingConfirmed, snapshot(), 'c@example.test', UNSUBSCRIBE);
    expect(confirm.text).toContain('at least 24 hours before the session starts');
    const cancel = renderer.booking(
      ClientEmailKind.BookingCancelled,
      snapshot({ status: BookingStatus.Cancelled, cancellationReason: 'Ill <today>' }),
      'c@example.test',
      UNSUBSCRIBE,
    );
    expect(cancel.text).not.toContain('at least 24 hours');
    expect(cancel.text).toContain('Reason: Ill <today>');
    expect(cancel.html).toContain('Reason: Ill &lt;today&gt;');
    expect(cancel.icalEvent?.method).toBe('CANCEL');
  });

  it('shows the old time in a reschedule notice', () => {
    const email = renderer.booking(ClientEmailKind.BookingRescheduled, snapshot(), 'c@example.test', UNSUBSCRIBE);
    expect(email.text).toContain('It was on: Wed 2 Dec, 09:00 (New York time)');
  });

  it('makes subjects single header-safe lines', () => {
    const email = renderer.booking(
      ClientEmailKind.SessionReminder,
      { ...snapshot(), trainer: { ...trainer, businessName: 'Evil\r\nBcc: x@example.test' } },
      'c@example.test',
      UNSUBSCRIBE,
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.fromName).not.toMatch(/[\r\n]/);
  });

  it('renders the credit notices', () => {
    const credits: CreditEmailSnapshot = {
      client: snapshot().client,
      trainer,
      packageName: '10 × PT',
      credits: 1,
      expiresAt: new Date('2026-12-11T04:59:59.999Z'),
      at: new Date('2026-12-01T12:00:00Z'),
    };
    const low = renderer.credits(ClientEmailKind.CreditsLow, credits, 'c@example.test', UNSUBSCRIBE);
    expect(low.subject).toBe('You have 1 session credit left with Ελένη Fit & Co');
    expect(low.icalEvent).toBeUndefined();
    const expiring = renderer.credits(
      ClientEmailKind.CreditsExpiring,
      { ...credits, credits: 3 },
      'c@example.test',
      UNSUBSCRIBE,
    );
    expect(expiring.subject).toBe('3 session credits with Ελένη Fit & Co expire on 10 Dec 2026');
    expect(expiring.text).toContain(UNSUBSCRIBE);
  });
});

describe('unescapeHtml', () => {
  it('undoes exactly Handlebars’ escapes, once', () => {
    expect(unescapeHtml('&amp;lt; &lt;b&gt; &quot;&#x27;&#x60;&#x3D;')).toBe('&lt; <b> "\'`=');
  });
});
