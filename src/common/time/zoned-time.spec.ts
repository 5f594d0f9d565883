import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  isoWeekday,
  localDateOf,
  localTimeExists,
  localTimeOf,
  zonedTimeToUtc,
  zoneOffsetMs,
} from './zoned-time.js';

describe('zonedTimeToUtc', () => {
  it.each([
    ['Europe/London', '2026-03-28', '09:00', '2026-03-28T09:00:00.000Z'],
    ['Europe/London', '2026-03-30', '09:00', '2026-03-30T08:00:00.000Z'],
    ['Europe/London', '2026-10-24', '09:00', '2026-10-24T08:00:00.000Z'],
    ['Europe/London', '2026-10-26', '09:00', '2026-10-26T09:00:00.000Z'],
    ['America/New_York', '2026-03-07', '09:00', '2026-03-07T14:00:00.000Z'],
    ['America/New_York', '2026-03-09', '09:00', '2026-03-09T13:00:00.000Z'],
    ['America/New_York', '2026-10-31', '09:00', '2026-10-31T13:00:00.000Z'],
    ['America/New_York', '2026-11-02', '09:00', '2026-11-02T14:00:00.000Z'],
  ])('keeps 09:00 local in %s on %s', (zone, date, time, utc) => {
    const instant = zonedTimeToUtc(date, time, zone);
    expect(instant.toISOString()).toBe(utc);
    expect(localTimeOf(instant, zone)).toBe(time);
    expect(localDateOf(instant, zone)).toBe(date);
  });

  it('knows which wall-clock times do not exist', () => {
    expect(localTimeExists('2026-03-29', '01:30', 'Europe/London')).toBe(false);
    expect(localTimeExists('2026-03-29', '02:30', 'Europe/London')).toBe(true);
    expect(localTimeExists('2026-03-08', '02:30', 'America/New_York')).toBe(false);
  });

  it('does calendar arithmetic across month ends and weekdays', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });
});

describe('zoneOffsetMs, kept per UTC hour', () => {
  const H = 3_600_000;
  it('gives each side of a transition inside an hour its own offset, asked in either order', () => {
    // Lord Howe Island moves from +10:30 to +11:00 at 02:00 local on 4 October 2026: 15:30 UTC on the 3rd, mid-hour.
    const before = new Date(Date.UTC(2026, 9, 3, 15, 29, 59));
    const after = new Date(Date.UTC(2026, 9, 3, 15, 30, 0));
    expect(zoneOffsetMs(after, 'Australia/Lord_Howe')).toBe(11 * H);
    expect(zoneOffsetMs(before, 'Australia/Lord_Howe')).toBe(10.5 * H);
    expect(zoneOffsetMs(after, 'Australia/Lord_Howe')).toBe(11 * H);
  });

  it('switches at the hour when the transition falls on one, as in London', () => {
    expect(zoneOffsetMs(new Date(Date.UTC(2026, 2, 29, 0, 59, 59)), 'Europe/London')).toBe(0);
    expect(zoneOffsetMs(new Date(Date.UTC(2026, 2, 29, 1, 0, 0)), 'Europe/London')).toBe(H);
    expect(zoneOffsetMs(new Date(Date.UTC(2026, 2, 29, 0, 30, 0)), 'Europe/London')).toBe(0);
  });
});
