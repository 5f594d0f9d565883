import { addDays } from '../../common/time/zoned-time.js';
import { isIsoDate } from '../../common/validation/validators.js';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors.js';
import {
  GRANULARITIES,
  Granularity,
  MAX_RANGE_YEARS,
  type RangeQuery,
  type ReportRange,
} from './analytics-reports.types.js';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, both counted: 2026-03-01..2026-03-31 is 31. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The same calendar date `years` later (29 February becomes 1 March). */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}

/** A bucket size that keeps a series readable: days up to a month, weeks up to half a year, then months. */
export function defaultGranularity(days: number): Granularity {
  if (days <= 31) return Granularity.Day;
  if (days <= 183) return Granularity.Week;
  return Granularity.Month;
}

function isGranularity(value: string): value is Granularity {
  return (GRANULARITIES as readonly string[]).includes(value);
}

/**
 * Checks a range from either door and completes it: both dates real "YYYY-MM-DD" local days, `to` on or after
 * `from`, less than MAX_RANGE_YEARS apart, and a known granularity (chosen from the length when left out). Every
 * problem is reported at once, per field, as one invalid_range error (422 on both doors).
 */
export function checkRange(query: RangeQuery): ReportRange {
  const fields: Record<string, string[]> = {};
  const from = query.from?.trim() ?? '';
  const to = query.to?.trim() ?? '';
  const granularity = query.granularity?.trim() ?? '';
  if (from === '') fields.from = ['Enter a start date, like 2026-03-01.'];
  else if (!isIsoDate(from)) fields.from = ['Use a real date, like 2026-03-01.'];
  if (to === '') fields.to = ['Enter an end date, like 2026-03-31.'];
  else if (!isIsoDate(to)) fields.to = ['Use a real date, like 2026-03-31.'];
  else if (isIsoDate(from) && to < from) fields.to = ['The end date must be on or after the start date.'];
  else if (isIsoDate(from) && to >= addYears(from, MAX_RANGE_YEARS))
    fields.to = [
      `A range can cover at most ${MAX_RANGE_YEARS} years: pick an end date before ${addYears(from, MAX_RANGE_YEARS)}.`,
    ];
  if (granularity !== '' && !isGranularity(granularity)) fields.granularity = ['Choose day, week or month.'];
  if (Object.keys(fields).length > 0)
    throw new AnalyticsError(AnalyticsErrorCode.InvalidRange, 'Those dates don’t make a range we can show.', {
      fields,
    });
  const days = daysInRange(from, to);
  return {
    from,
    to,
    days,
    previousFrom: addDays(from, -days),
    previousTo: addDays(from, -1),
    granularity: isGranularity(granularity) ? granularity : defaultGranularity(days),
  };
}

/** The quick ranges of the web picker, relative to the trainer's today. */
export enum RangePreset {
  ThisMonth = 'this-month',
  LastMonth = 'last-month',
  Last90Days = 'last-90-days',
  YearToDate = 'year-to-date',
}

export const RANGE_PRESETS: readonly RangePreset[] = Object.values(RangePreset);

export function isRangePreset(value: unknown): value is RangePreset {
  return typeof value === 'string' && (RANGE_PRESETS as readonly string[]).includes(value);
}

/**
 * A preset's local days for a trainer whose date is `today`: this month and the year so far end today (so the
 * previous period compares like with like), last month is the whole calendar month.
 */
export function presetRange(preset: RangePreset, today: string): { from: string; to: string } {
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case RangePreset.ThisMonth:
      return { from: monthStart, to: today };
    case RangePreset.LastMonth: {
      const lastDay = addDays(monthStart, -1);
      return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
    }
    case RangePreset.Last90Days:
      return { from: addDays(today, -89), to: today };
    case RangePreset.YearToDate:
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** part ÷ whole to 4 decimals; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** The relative change from `previous` to `current`, to 4 decimals; null when there was nothing before. */
export function change(current: number, previous: number): number | null {
  return previous !== 0 ? Math.round(((current - previous) / Math.abs(previous)) * 10_000) / 10_000 : null;
}
