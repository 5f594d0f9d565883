/**
 * iCalendar (RFC 5545) files for the session emails, written by hand: the format is small and its traps (escaping,
 * folding at 75 octets, CRLF) are exactly what the tests pin down. With iTIP (RFC 5546) METHOD:REQUEST and
 * METHOD:CANCEL, a calendar that already holds the event (same UID) updates or removes it when SEQUENCE is higher.
 */

export type CalendarMethod = 'REQUEST' | 'CANCEL';
export type CalendarEventStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarEventInput {
  uid: string;
  /** Bumped on every change (the booking's schedule version), so calendars take the newest copy. */
  sequence: number;
  method: CalendarMethod;
  status: CalendarEventStatus;
  start: Date;
  end: Date;
  /** When this copy was made (DTSTAMP). Passed in, so a test's clock decides it. */
  stamp: Date;
  summary: string;
  description?: string;
  organizer: CalendarPerson;
  attendee: CalendarPerson;
}

const MAX_OCTETS = 75;
const CRLF = '\r\n';

/** One UID per booking, whatever its time or state: it is how the client's calendar recognises the session. */
export function bookingEventUid(bookingId: string): string {
  return `booking-${bookingId}@trainerhub`;
}

/** Text as a TEXT value may hold it: one kind of line break, and no control characters (RFC 5545 §3.3.11). */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
export function escapeText(text: string): string {
  return normalizeText(text).replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

/** The inverse of escapeText, in one pass so "\\n" stays a backslash and an "n". */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_match, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

/**
 * Folds a content line so no physical line exceeds 75 octets (UTF-8), continuation lines starting with a space.
 * It cuts between code points, never inside one, so a name in any script survives the round trip.
 */
export function foldLine(line: string): string {
  // Most lines are short ASCII: no octet counting needed (a UTF-16 unit is at least one octet).
  if (line.length <= MAX_OCTETS && Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** The UTF-8 length of one code point. */
function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/** Undoes folding: a CRLF followed by one space or tab disappears (RFC 5545 §3.1). */
export function unfoldLines(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split(CRLF)
    .filter((line) => line !== '');
}

/** A parameter value (CN): quoted, as it may hold ":" ";" ","; DQUOTE and control characters cannot appear. */
function paramValue(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${text.replace(/["\u0000-\u001f\u007f]/g, '').trim()}"`;
}

/** 20261203T090000Z */
function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function mailto(email: string): string {
  // An address never carries CR/LF or spaces; strip them anyway so a bad row cannot add a property.
  return `mailto:${email.replace(/[\s"<>]/g, '')}`;
}

/** The whole VCALENDAR with one VEVENT, CRLF line ends, every line folded. */
export function buildCalendarFile(event: CalendarEventInput): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//TrainerHub//Sessions//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `DTSTART:${utcStamp(event.start)}`,
    `DTEND:${utcStamp(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    `STATUS:${event.status}`,
    `ORGANIZER;CN=${paramValue(event.organizer.name)}:${mailto(event.organizer.email)}`,
    `ATTENDEE;CN=${paramValue(event.attendee.name)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:${mailto(event.attendee.email)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

export interface CalendarProperty {
  name: string;
  params: string;
  value: string;
}

/**
 * Reads the properties back (name, raw parameters, raw value), for tests and for anyone checking a stored copy.
 * Parameter values are quoted by buildCalendarFile, so the first ":" outside quotes ends them.
 */
export function parseCalendarFile(text: string): CalendarProperty[] {
  return unfoldLines(text).map((line) => {
    let quoted = false;
    let colon = -1;
    for (let i = 0; i < line.length; i += 1) {
      if (line[i] === '"') quoted = !quoted;
      else if (line[i] === ':' && !quoted) {
        colon = i;
        break;
      }
    }
    const head = colon === -1 ? line : line.slice(0, colon);
    const semicolon = head.indexOf(';');
    return {
      name: semicolon === -1 ? head : head.slice(0, semicolon),
      params: semicolon === -1 ? '' : head.slice(semicolon + 1),
      value: colon === -1 ? '' : line.slice(colon + 1),
    };
  });
}
