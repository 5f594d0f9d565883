/**
 * Local wall-clock time in an IANA zone <-> UTC instants, with nothing but Intl.
 * Local dates are ISO strings ("2026-03-29"), local times "HH:MM"; instants are Date (UTC).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The zone's offset at an instant, asked of ICU (formatToParts: a few microseconds, the slow part). */
function measuredOffsetMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const localAsUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return localAsUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

const HOUR_MS = 3_600_000;
/** Offsets per (zone, UTC hour). Bounded: emptied when full, it refills from whatever is being asked for. */
const hourlyOffsets = new Map<string, number>();
const HOURLY_OFFSETS_MAX = 50_000;

/**
 * Milliseconds the zone is ahead of UTC at this instant (London: 0 in winter, 3 600 000 in summer). Offsets only
 * change at transitions, so each UTC hour's offset is asked of ICU once and kept, when the hour's first and last
 * second agree (no zone changes twice within an hour); an hour with a transition in it is asked every time. The
 * relay plans reminders for thousands of bookings a second, and formatToParts was a tenth of its CPU.
 */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const instantMs = instant.getTime();
  const hour = Math.floor(instantMs / HOUR_MS);
  const key = `${timeZone} ${hour}`;
  const cached = hourlyOffsets.get(key);
  if (cached !== undefined) return cached;
  const first = measuredOffsetMs(hour * HOUR_MS, timeZone);
  const last = measuredOffsetMs(hour * HOUR_MS + HOUR_MS - 1000, timeZone);
  if (first !== last) return measuredOffsetMs(instantMs, timeZone);
  if (hourlyOffsets.size >= HOURLY_OFFSETS_MAX) hourlyOffsets.clear();
  hourlyOffsets.set(key, first);
  return first;
}

/** The wall clock in the zone at this instant, to the second. */
function wallClock(instant: Date, timeZone: string): WallClock {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

function parseDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a local date: "${date}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function parseTime(time: string): [number, number] {
  const match = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time);
  if (!match) throw new Error(`Not a local time: "${time}"`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * The instant at which the clocks in `timeZone` show `date` `time`. Two passes settle the offset, so a time
 * on the far side of a daylight-saving change gets that side's offset, not today's.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = parseDate(date);
  const [hour, minute] = parseTime(time);
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const firstGuess = localAsUtc - zoneOffsetMs(new Date(localAsUtc), timeZone);
  const settled = localAsUtc - zoneOffsetMs(new Date(firstGuess), timeZone);
  return new Date(settled);
}

/** The local calendar date ("YYYY-MM-DD") in `timeZone` at this instant. */
export function localDateOf(instant: Date, timeZone: string): string {
  const local = wallClock(instant, timeZone);
  return `${local.year}-${pad(local.month)}-${pad(local.day)}`;
}

/** Calendar arithmetic on local dates; independent of any zone. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a local date: 1 is Monday, 7 is Sunday. */
export function isoWeekday(date: string): number {
  const [year, month, day] = parseDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** "HH:MM" plus minutes, for times within one day. */
export function addMinutesToTime(time: string, minutes: number): string {
  const [hour, minute] = parseTime(time);
  const total = hour * 60 + minute + minutes;
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

export function minutesOfDay(time: string): number {
  const [hour, minute] = parseTime(time);
  return hour * 60 + minute;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The local wall-clock time ("HH:MM") in `timeZone` at this instant. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const local = wallClock(instant, timeZone);
  return `${pad(local.hour)}:${pad(local.minute)}`;
}

/**
 * False for wall-clock times that never happen (the hour skipped when clocks go forward): converting there and
 * back does not land on the same time.
 */
export function localTimeExists(date: string, time: string, timeZone: string): boolean {
  const instant = zonedTimeToUtc(date, time, timeZone);
  return localDateOf(instant, timeZone) === date && localTimeOf(instant, timeZone) === time.slice(0, 5);
}
