import { describe, expect, it } from '@jest/globals';
import { formatDateTimeInZone, zoneCityName, zoneLabel } from './zone-label.js';

describe('zoneCityName', () => {
  it.each([
    ['Europe/London', 'London'],
    ['America/New_York', 'New York'],
    ['America/Argentina/Buenos_Aires', 'Buenos Aires'],
    ['Asia/Ho_Chi_Minh', 'Ho Chi Minh'],
    ['UTC', 'UTC'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
  ])('names %s as %s', (zone, city) => {
    expect(zoneCityName(zone)).toBe(city);
  });
});

describe('zoneLabel', () => {
  it('says whose clock a time is on', () => {
    expect(zoneLabel('Europe/London')).toBe('London time');
    expect(zoneLabel('UTC')).toBe('UTC');
  });
});

describe('formatDateTimeInZone', () => {
  it('writes the time as people read it, in the zone given', () => {
    const instant = new Date('2026-12-03T09:00:00Z');
    expect(formatDateTimeInZone(instant, 'Europe/London')).toBe('Thu 3 Dec, 09:00 (London time)');
    expect(formatDateTimeInZone(instant, 'America/New_York')).toBe('Thu 3 Dec, 04:00 (New York time)');
  });

  it('follows daylight saving time', () => {
    expect(formatDateTimeInZone(new Date('2026-07-01T08:00:00Z'), 'Europe/London')).toBe(
      'Wed 1 Jul, 09:00 (London time)',
    );
  });
});
