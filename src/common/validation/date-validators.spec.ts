import { describe, expect, it } from '@jest/globals';
import { isIsoDate, isIsoDateTime, isLocalTime } from './validators.js';

describe('isIsoDateTime', () => {
  it.each([
    '2026-12-01T09:00:00Z',
    '2026-12-01T09:00Z',
    '2028-02-29T23:59:59.999+14:00',
    '2026-03-29T01:30:00-05:30',
    '2000-01-01T00:00:00Z',
  ])('accepts %s', (value) => {
    expect(isIsoDateTime(value)).toBe(true);
  });

  it.each([
    '2026-13-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T09:60:00Z',
    '2026-01-01T09:00:60Z',
    '2026-01-01T09:00:00+15:00',
    '2026-01-01T09:00:00',
    '1999-12-31T23:59:59Z',
    '2101-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '2026-01-01',
    '',
    42,
    null,
  ])('refuses %p', (value) => {
    expect(isIsoDateTime(value)).toBe(false);
  });
});

describe('isIsoDate', () => {
  it.each(['2026-12-01', '2028-02-29', '2100-12-31'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '2026-13-01',
    '2026-02-30',
    '2027-02-29',
    '0000-01-01',
    '9999-12-31',
    '2026-1-1',
    '2026-12-01T00:00:00Z',
    undefined,
  ])('refuses %p', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('isLocalTime', () => {
  it('accepts 00:00 to 23:59 only', () => {
    expect(['00:00', '09:30', '23:59'].map(isLocalTime)).toEqual([true, true, true]);
    expect(['24:00', '12:60', '9:00', ''].map(isLocalTime)).toEqual([false, false, false, false]);
  });
});
