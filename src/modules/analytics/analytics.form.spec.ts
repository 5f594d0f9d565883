import { describe, expect, it } from '@jest/globals';
import { RangePreset } from './analytics-range.rules.js';
import { analyticsQueryString, parseAnalyticsQuery } from './analytics.form.js';

describe('parseAnalyticsQuery', () => {
  it('defaults to this month, and keeps a preset relative in the URL', () => {
    const query = parseAnalyticsQuery({}, '2026-03-17');
    expect(query).toEqual({
      picked: RangePreset.ThisMonth,
      values: { from: '2026-03-01', to: '2026-03-17', granularity: '' },
      range: { from: '2026-03-01', to: '2026-03-17', granularity: '' },
    });
    expect(analyticsQueryString(query, { granularity: 'week' })).toBe('?preset=this-month&granularity=week');
  });

  it('lets dates win over a preset, keeping what was typed for the service to judge', () => {
    const query = parseAnalyticsQuery({ preset: 'last-month', from: ' 2026-13-01', to: '2026-03-31' }, '2026-03-17');
    expect(query.picked).toBe('custom');
    expect(query.range).toEqual({ from: '2026-13-01', to: '2026-03-31', granularity: '' });
    expect(analyticsQueryString(query, { preset: RangePreset.Last90Days })).toBe('?preset=last-90-days');
  });

  it('ignores an unknown preset and non-string values', () => {
    const query = parseAnalyticsQuery({ preset: 'forever', granularity: ['day', 'month'] }, '2026-03-17');
    expect(query.picked).toBe(RangePreset.ThisMonth);
    expect(query.values.granularity).toBe('month');
  });
});
