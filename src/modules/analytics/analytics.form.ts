import { presetRange, isRangePreset, RangePreset } from './analytics-range.rules.js';
import type { RangeQuery } from './analytics-reports.types.js';

/** What the picker was asked for: a preset (relative to today, so a bookmark keeps meaning "this month"), or custom dates. */
export type PickedRange = RangePreset | 'custom';

export interface AnalyticsQuery {
  picked: PickedRange;
  /** The strings the trainer sees in the form (a preset's dates once resolved, or exactly what was typed). */
  values: { from: string; to: string; granularity: string };
  /** What the service checks. */
  range: RangeQuery;
}

/** At most this much of any parameter is read back into the page; the service refuses anything longer anyway. */
const MAX_TEXT = 40;

/**
 * The /analytics query string. Dates (`from`, `to`) mean a custom range and win over a preset; without them,
 * `preset` picks one (this month by default). Values are only ever strings here: the service says what is
 * wrong with them, so a typo shows as a field error, never as a silently different range.
 */
export function parseAnalyticsQuery(query: Record<string, unknown>, today: string): AnalyticsQuery {
  const text = (key: string): string => {
    const raw = query[key];
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    return typeof value === 'string' ? value.trim().slice(0, MAX_TEXT) : '';
  };
  const granularity = text('granularity');
  if (text('from') !== '' || text('to') !== '') {
    const values = { from: text('from'), to: text('to'), granularity };
    return { picked: 'custom', values, range: { ...values } };
  }
  const preset = isRangePreset(text('preset')) ? (text('preset') as RangePreset) : RangePreset.ThisMonth;
  const dates = presetRange(preset, today);
  return { picked: preset, values: { ...dates, granularity }, range: { ...dates, granularity } };
}

/** The query string that brings back this view, with one setting changed. */
export function analyticsQueryString(
  query: AnalyticsQuery,
  change: { preset?: RangePreset; granularity?: string } = {},
): string {
  const params = new URLSearchParams();
  const preset = change.preset ?? (query.picked === 'custom' ? undefined : query.picked);
  if (preset) {
    params.set('preset', preset);
  } else {
    params.set('from', query.values.from);
    params.set('to', query.values.to);
  }
  const granularity = change.granularity ?? query.values.granularity;
  if (granularity && !change.preset) params.set('granularity', granularity);
  return `?${params.toString()}`;
}
