import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors/domain-error.js';
import { change, checkRange, daysInRange, presetRange, rate, RangePreset } from './analytics-range.rules.js';
import { Granularity } from './analytics-reports.types.js';

function fieldsOf(work: () => unknown): Record<string, string[]> | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) {
      expect(error.kind).toBe('invalid');
      return error.details.fields;
    }
    throw error;
  }
  throw new Error('expected an invalid_range error');
}

describe('checkRange', () => {
  it('completes a good range with its previous period and a default granularity', () => {
    expect(checkRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      days: 31,
      previousFrom: '2026-01-29',
      previousTo: '2026-02-28',
      granularity: Granularity.Day,
    });
    expect(checkRange({ from: '2026-01-01', to: '2026-03-31' }).granularity).toBe(Granularity.Week);
    expect(checkRange({ from: '2026-01-01', to: '2026-12-31', granularity: 'day' }).granularity).toBe(Granularity.Day);
    expect(checkRange({ from: '2025-01-01', to: '2026-12-31' }).granularity).toBe(Granularity.Month);
  });

  it('accepts a single day and a range just under three years', () => {
    expect(checkRange({ from: '2026-03-29', to: '2026-03-29' }).days).toBe(1);
    expect(checkRange({ from: '2024-01-01', to: '2026-12-31' }).days).toBe(1096);
  });

  it('reports every problem at once, per field', () => {
    expect(fieldsOf(() => checkRange({}))).toEqual({
      from: ['Enter a start date, like 2026-03-01.'],
      to: ['Enter an end date, like 2026-03-31.'],
    });
    expect(fieldsOf(() => checkRange({ from: '2026-02-30', to: '31/03/2026', granularity: 'year' }))).toEqual({
      from: ['Use a real date, like 2026-03-01.'],
      to: ['Use a real date, like 2026-03-31.'],
      granularity: ['Choose day, week or month.'],
    });
    expect(fieldsOf(() => checkRange({ from: '2026-03-31', to: '2026-03-01' }))).toEqual({
      to: ['The end date must be on or after the start date.'],
    });
    expect(fieldsOf(() => checkRange({ from: '2024-01-01', to: '2027-01-01' }))?.to?.[0]).toMatch(/at most 3 years/);
  });
});

describe('presetRange', () => {
  it('reads each preset from the trainer’s today', () => {
    expect(presetRange(RangePreset.ThisMonth, '2026-03-17')).toEqual({ from: '2026-03-01', to: '2026-03-17' });
    expect(presetRange(RangePreset.LastMonth, '2026-03-17')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange(RangePreset.LastMonth, '2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange(RangePreset.Last90Days, '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetRange(RangePreset.YearToDate, '2026-03-17')).toEqual({ from: '2026-01-01', to: '2026-03-17' });
  });
});

describe('rate and change', () => {
  it('divides to 4 decimals and says null when there is nothing to divide by', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
    expect(change(150, 100)).toBe(0.5);
    expect(change(50, -100)).toBe(1.5);
    expect(change(10, 0)).toBeNull();
    expect(daysInRange('2026-10-24', '2026-10-26')).toBe(3);
  });
});
