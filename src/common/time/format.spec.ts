import { describe, expect, it } from '@jest/globals';
import { formatDateTime, formatMoney, formatTimeRange, parseMoney } from './format.js';

describe('format', () => {
  it('writes times as the trainer reads them, in their zone', () => {
    const instant = new Date('2026-12-01T09:00:00Z');
    expect(formatDateTime(instant, 'Europe/London')).toBe('Tue 1 Dec, 09:00');
    expect(formatDateTime(instant, 'America/New_York')).toBe('Tue 1 Dec, 04:00');
    expect(formatTimeRange(instant, new Date('2026-12-01T10:00:00Z'), 'Europe/London')).toBe('09:00–10:00');
  });

  it('formats and parses money in minor units', () => {
    expect(formatMoney(4500, 'GBP')).toBe('£45.00');
    expect(formatMoney(4500, 'JPY')).toBe('JP¥4,500');
    expect(parseMoney('45.5', 'GBP')).toBe(4550);
    expect(parseMoney('£1,200', 'GBP')).toBe(120000);
    expect(parseMoney('12.345', 'GBP')).toBeNull();
    expect(parseMoney('-3', 'GBP')).toBeNull();
  });
});
