/**
 * Pure availability rules: free start times for a day, and the warnings a booking outside working hours earns.
 * Everything is computed in the trainer's local wall-clock time and converted to instants one slot at a time,
 * so a 23- or 25-hour day (a daylight-saving change) needs no special case.
 */
import {
  addDays,
  isoWeekday,
  localDateOf,
  localTimeExists,
  localTimeOf,
  minutesOfDay,
  zonedTimeToUtc,
} from '../../common/time/zoned-time.js';
import type { FreeSlot, TimeRange, WeeklyRange } from './availability.types.js';

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface Interval {
  start: Date;
  end: Date;
}

export interface FreeSlotsInput {
  /** Local date, "YYYY-MM-DD". */
  date: string;
  durationMinutes: number;
  timeZone: string;
  /** That day's working hours in local time, "HH:MM". */
  ranges: TimeRange[];
  dayOff: boolean;
  /** Sessions that already hold the trainer's time. */
  busy: Interval[];
  stepMinutes?: number;
  /** Slots starting before this instant are in the past and left out. */
  now?: Date;
  /**
   * The trainer's minimum notice, in minutes: a slot must start at or after now + notice, because a client
   * cannot be expected to turn up sooner. Needs `now`.
   */
  noticeMinutes?: number;
}

/** The earliest instant a session may start: now plus the trainer's minimum notice. */
export function earliestStart(now: Date, noticeMinutes = 0): Date {
  return new Date(now.getTime() + Math.max(0, noticeMinutes) * 60_000);
}

/** "HH:MM" from minutes after midnight. */
export function timeOfMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "9:00", "09:00" or "09:00:00" as "09:00"; null when it is not a time of day. */
export function normaliseTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(value.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return timeOfMinutes(hour * 60 + minute);
}

/** True for a real calendar date written "YYYY-MM-DD" (not "2026-02-30"). */
export function isLocalDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
}

/**
 * Sorted, with overlapping or touching ranges joined: 09:00–12:00 and 12:00–15:00 are one stretch of work, so a
 * session may run across 12:00.
 */
export function mergeRanges(ranges: TimeRange[]): TimeRange[] {
  const sorted = ranges
    .map((range) => ({ from: minutesOfDay(range.start), to: minutesOfDay(range.end) }))
    .filter((range) => range.to > range.from)
    .sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged.map((range) => ({ start: timeOfMinutes(range.from), end: timeOfMinutes(range.to) }));
}

/**
 * Free start times on one local date: the working ranges, minus day off, minus busy intervals, minus the past
 * and the minimum notice.
 * Candidates are every `stepMinutes` from each range's start, plus the moment each busy session ends (so a
 * 50-minute session can be followed straight away). A slot must fit inside one range; times the clocks skip
 * are left out; on the day clocks go back, a repeated time is offered once, at the instant zonedTimeToUtc gives
 * it (the instant the booking form books for that typed time).
 */
export function computeFreeSlots(input: FreeSlotsInput): FreeSlot[] {
  const { date, durationMinutes, timeZone, busy, now } = input;
  const step = input.stepMinutes ?? 15;
  if (input.dayOff || !(durationMinutes > 0) || !(step > 0)) return [];
  const durationMs = durationMinutes * 60_000;
  const earliest = now ? earliestStart(now, input.noticeMinutes) : undefined;
  const busyEnds = busy
    .filter((interval) => localDateOf(interval.end, timeZone) === date)
    .map((interval) => minutesOfDay(localTimeOf(interval.end, timeZone)));
  const slots = new Map<number, FreeSlot>();
  for (const range of mergeRanges(input.ranges)) {
    const from = minutesOfDay(range.start);
    const to = minutesOfDay(range.end);
    const rangeStart = zonedTimeToUtc(date, range.start, timeZone);
    const rangeEnd = zonedTimeToUtc(date, range.end, timeZone);
    const candidates = new Set<number>();
    for (let minute = from; minute < to; minute += step) candidates.add(minute);
    for (const minute of busyEnds) if (minute > from && minute < to) candidates.add(minute);
    for (const minute of [...candidates].sort((a, b) => a - b)) {
      const label = timeOfMinutes(minute);
      if (!localTimeExists(date, label, timeZone)) continue;
      const start = zonedTimeToUtc(date, label, timeZone);
      const end = new Date(start.getTime() + durationMs);
      if (start < rangeStart || end > rangeEnd) continue;
      if (earliest && start < earliest) continue;
      if (busy.some((interval) => start < interval.end && end > interval.start)) continue;
      slots.set(start.getTime(), { start, end, label });
    }
  }
  return [...slots.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** "07:00–12:00, 16:00–20:00" */
export function describeRanges(ranges: TimeRange[]): string {
  return ranges.map((range) => `${range.start}–${range.end}`).join(', ');
}

function plural(weekday: number): string {
  return `${WEEKDAY_NAMES[weekday - 1]}s`;
}

/** "That’s a day off (Holiday)" */
export function dayOffWarning(reason: string | null | undefined): string {
  return reason ? `That’s a day off (${reason})` : 'That’s a day off';
}

/** What the booking form says about a whole date before a time is picked. */
export function dayWarnings(input: {
  date: string;
  ranges: TimeRange[];
  dayOff: { reason?: string | null } | null;
  hoursSet: boolean;
}): string[] {
  if (input.dayOff) return [dayOffWarning(input.dayOff.reason)];
  if (input.hoursSet && input.ranges.length === 0)
    return [`You have no working hours on ${plural(isoWeekday(input.date))}`];
  return [];
}

export interface OutsideHoursInput {
  start: Date;
  end: Date;
  timeZone: string;
  /** Every weekly range of the trainer. With none at all, hours are not set up and nothing is "outside" them. */
  weekly: WeeklyRange[];
  /** Days off on (at least) the dates the session touches. */
  daysOff: Array<{ date: string; reason?: string | null }>;
}

/** The local dates a session touches (one, or two when it runs past midnight). */
export function localDatesOf(start: Date, end: Date, timeZone: string): string[] {
  const first = localDateOf(start, timeZone);
  // A session that ends exactly at midnight belongs to the day it started.
  const last = localDateOf(new Date(Math.max(start.getTime(), end.getTime() - 1)), timeZone);
  return first === last ? [first] : [first, last];
}

/**
 * Why a session at this time deserves a second look: "That’s a day off (Holiday)", or "Outside your working
 * hours (Tue: 07:00–12:00, 16:00–20:00)". Empty when the session sits inside one stretch of working hours.
 */
export function outsideHoursWarnings(input: OutsideHoursInput): string[] {
  const { start, end, timeZone } = input;
  const dates = localDatesOf(start, end, timeZone);
  const offs = dates.map((date) => input.daysOff.find((off) => off.date === date)).filter((off) => off !== undefined);
  if (offs.length > 0) return offs.map((off) => dayOffWarning(off.reason));
  if (input.weekly.length === 0) return [];
  const date = dates[0];
  const weekday = isoWeekday(date);
  const ranges = mergeRanges(input.weekly.filter((range) => range.weekday === weekday));
  const inside =
    dates.length === 1 &&
    ranges.some(
      (range) =>
        zonedTimeToUtc(date, range.start, timeZone) <= start && end <= zonedTimeToUtc(date, range.end, timeZone),
    );
  if (inside) return [];
  const hours =
    ranges.length > 0
      ? `${WEEKDAY_SHORT[weekday - 1]}: ${describeRanges(ranges)}`
      : `you have no hours on ${plural(weekday)}`;
  return [`Outside your working hours (${hours})`];
}
