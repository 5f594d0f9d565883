import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  bookingEventUid,
  buildCalendarFile,
  escapeText,
  foldLine,
  normalizeText,
  parseCalendarFile,
  unescapeText,
  unfoldLines,
  type CalendarEventInput,
} from './calendar-file.js';

const event: CalendarEventInput = {
  uid: bookingEventUid('0b6c7a4e-9f1d-4c1e-8a57-3a2b1c0d9e8f'),
  sequence: 2,
  method: 'REQUEST',
  status: 'CONFIRMED',
  start: new Date('2026-12-03T09:00:00Z'),
  end: new Date('2026-12-03T10:00:00Z'),
  stamp: new Date('2026-12-01T12:34:56.789Z'),
  summary: 'Session with Łukasz; PT, London',
  description: 'Cancel at least 24 hours before.\nQuestions? Reply to this email.',
  organizer: { name: 'Ελένη "Fit" Studio', email: 'eleni@studio.test' },
  attendee: { name: 'Siobhán O’Brien', email: 'siobhan@example.test' },
};

function property(ics: string, name: string) {
  return parseCalendarFile(ics).filter((line) => line.name === name);
}

describe('buildCalendarFile', () => {
  it('writes one event with its UID, SEQUENCE, METHOD and UTC times', () => {
    const ics = buildCalendarFile(event);
    expect(property(ics, 'METHOD')[0]?.value).toBe('REQUEST');
    expect(property(ics, 'UID')[0]?.value).toBe('booking-0b6c7a4e-9f1d-4c1e-8a57-3a2b1c0d9e8f@trainerhub');
    expect(property(ics, 'SEQUENCE')[0]?.value).toBe('2');
    expect(property(ics, 'DTSTART')[0]?.value).toBe('20261203T090000Z');
    expect(property(ics, 'DTEND')[0]?.value).toBe('20261203T100000Z');
    expect(property(ics, 'DTSTAMP')[0]?.value).toBe('20261201T123456Z');
    expect(property(ics, 'STATUS')[0]?.value).toBe('CONFIRMED');
    expect(property(ics, 'BEGIN').map((p) => p.value)).toEqual(['VCALENDAR', 'VEVENT']);
  });

  it('escapes TEXT values and keeps names in every script', () => {
    const ics = buildCalendarFile(event);
    expect(property(ics, 'SUMMARY')[0]?.value).toBe('Session with Łukasz\\; PT\\, London');
    expect(unescapeText(property(ics, 'DESCRIPTION')[0]?.value ?? '')).toBe(event.description);
    const attendee = property(ics, 'ATTENDEE')[0];
    expect(attendee?.params).toContain('CN="Siobhán O’Brien"');
    expect(attendee?.value).toBe('mailto:siobhan@example.test');
    // A double quote cannot live in a quoted parameter: it is dropped, not allowed to end the value early.
    expect(property(ics, 'ORGANIZER')[0]?.params).toBe('CN="Ελένη Fit Studio"');
  });

  it('ends every line with CRLF and folds none beyond 75 octets', () => {
    const ics = buildCalendarFile({ ...event, summary: `李小龍 ${'長い説明 '.repeat(30)}` });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.split('\r\n').some((line) => line.startsWith(' '))).toBe(true);
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const ics = buildCalendarFile({ ...event, method: 'CANCEL', status: 'CANCELLED', sequence: 3 });
    expect(property(ics, 'METHOD')[0]?.value).toBe('CANCEL');
    expect(property(ics, 'STATUS')[0]?.value).toBe('CANCELLED');
    expect(property(ics, 'SEQUENCE')[0]?.value).toBe('3');
  });

  it('cannot be made to add a property through a name or an address', () => {
    const ics = buildCalendarFile({
      ...event,
      summary: 'x\r\nATTENDEE:mailto:evil@example.test',
      attendee: { name: 'a\r\nX-EVIL:1', email: 'b@example.test\r\nX-EVIL:2' },
    });
    expect(property(ics, 'ATTENDEE')).toHaveLength(1);
    expect(property(ics, 'X-EVIL')).toHaveLength(0);
  });
});

describe('escapeText and foldLine', () => {
  it('escapes the four specials', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('round-trips any text through escape, fold, unfold and unescape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const line = `DESCRIPTION:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) {
          expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
        }
        expect(unfoldLines(folded)).toEqual([line]);
        expect(unescapeText(line.slice('DESCRIPTION:'.length))).toBe(normalizeText(text));
      }),
      { numRuns: 500 },
    );
  });

  it('never leaves a line break or a bare special inside an escaped value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const escaped = escapeText(text);
        expect(escaped).not.toMatch(/[\r\n]/);
        // Every ; and , is preceded by an odd run of backslashes, i.e. escaped.
        expect(escaped.replace(/\\./g, '')).not.toMatch(/[;,\\]/);
      }),
      { numRuns: 500 },
    );
  });
});
