import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { localTimeOf, minutesOfDay, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import {
  afterQuietHours,
  DEFAULT_QUIET_HOURS,
  outsideQuietHours,
  planReminders,
  quietHoursOf,
} from './reminders.rules.js';

const LONDON = 'Europe/London';
const HOUR = 3_600_000;

describe('planReminders', () => {
  it('plans the 24-hour and 2-hour reminders of a midday session, soonest first', () => {
    const start = zonedTimeToUtc('2031-05-20', '12:00', LONDON);
    const plan = planReminders({
      startTime: start,
      leadMinutes: [1440, 120],
      plannedAt: new Date(0),
      timeZone: LONDON,
    });
    expect(plan).toEqual([
      { leadMinutes: 1440, fireAt: new Date(start.getTime() - 24 * HOUR) },
      { leadMinutes: 120, fireAt: new Date(start.getTime() - 2 * HOUR) },
    ]);
  });

  it('plans none whose time has passed when the booking is made', () => {
    const start = zonedTimeToUtc('2031-05-20', '12:00', LONDON);
    const plan = planReminders({
      startTime: start,
      leadMinutes: [1440, 120],
      plannedAt: new Date(start.getTime() - 5 * HOUR),
      timeZone: LONDON,
    });
    expect(plan.map((reminder) => reminder.leadMinutes)).toEqual([120]);
  });

  it('moves a reminder due in quiet hours back to when they begin, the evening before', () => {
    const start = zonedTimeToUtc('2031-05-20', '08:30', LONDON);
    const [, twoHour] = planReminders({
      startTime: start,
      leadMinutes: [1440, 120],
      plannedAt: new Date(0),
      timeZone: LONDON,
    });
    expect(twoHour?.fireAt).toEqual(zonedTimeToUtc('2031-05-19', '21:00', LONDON));
  });

  it('fires at the same local hour across the night the clocks go forward (DST)', () => {
    // London springs forward at 01:00 on Sunday 30 March 2031, so that day has 23 hours.
    const start = zonedTimeToUtc('2031-03-30', '10:00', LONDON);
    const [dayBefore, twoHour] = planReminders({
      startTime: start,
      leadMinutes: [1440, 120],
      plannedAt: new Date(0),
      timeZone: LONDON,
    });
    // Saturday 10:00 GMT: the same hour on the client's clock, 25 real hours before.
    expect(dayBefore?.fireAt.toISOString()).toBe('2031-03-29T10:00:00.000Z');
    expect(localTimeOf(dayBefore?.fireAt ?? new Date(0), LONDON)).toBe('10:00');
    expect(twoHour?.fireAt).toEqual(new Date(start.getTime() - 2 * HOUR));
    // And back in autumn (Sunday 26 October 2031, a 25-hour day): Saturday 10:00 BST.
    const autumn = zonedTimeToUtc('2031-10-26', '10:00', LONDON);
    const [autumnDay] = planReminders({
      startTime: autumn,
      leadMinutes: [1440],
      plannedAt: new Date(0),
      timeZone: LONDON,
    });
    expect(autumnDay?.fireAt.toISOString()).toBe('2031-10-25T09:00:00.000Z');
  });

  it("moves an early session's 2-hour reminder to 21:00 the evening before, on the far side of a clock change", () => {
    const early = zonedTimeToUtc('2031-03-31', '07:30', LONDON);
    const [moved] = planReminders({ startTime: early, leadMinutes: [120], plannedAt: new Date(0), timeZone: LONDON });
    expect(moved?.fireAt.toISOString()).toBe('2031-03-30T20:00:00.000Z');
  });

  it('reads quiet hours in the zone it is given', () => {
    const start = zonedTimeToUtc('2031-05-20', '08:30', 'Asia/Shanghai');
    const [reminder] = planReminders({
      startTime: start,
      leadMinutes: [120],
      plannedAt: new Date(0),
      timeZone: 'Asia/Shanghai',
    });
    expect(localTimeOf(reminder?.fireAt ?? new Date(0), 'Asia/Shanghai')).toBe('21:00');
  });
});

describe("planReminders with the trainer's quiet hours", () => {
  const start = zonedTimeToUtc('2031-05-20', '08:30', LONDON);
  const twoHourBefore = (quietHours: { start: string; end: string } | null) =>
    planReminders({ startTime: start, leadMinutes: [120], plannedAt: new Date(0), timeZone: LONDON, quietHours })[0]
      ?.fireAt;

  it("moves a reminder to when the trainer's own window begins", () => {
    expect(twoHourBefore({ start: '22:30', end: '07:00' })).toEqual(zonedTimeToUtc('2031-05-19', '22:30', LONDON));
  });

  it("leaves a reminder outside the trainer's window where it is, even inside the default one", () => {
    // 06:30 is quiet by default (21:00–08:00) but not in a 23:00–06:00 window.
    expect(twoHourBefore({ start: '23:00', end: '06:00' })).toEqual(new Date(start.getTime() - 2 * HOUR));
  });

  it('sends at any hour when quiet hours are off', () => {
    expect(twoHourBefore(quietHoursOf({ enabled: false, start: '21:00', end: '08:00' }))).toEqual(
      new Date(start.getTime() - 2 * HOUR),
    );
  });

  it('reads a window that does not wrap midnight (a siesta)', () => {
    const afternoon = zonedTimeToUtc('2031-05-20', '16:00', 'Europe/Madrid');
    const [reminder] = planReminders({
      startTime: afternoon,
      leadMinutes: [120],
      plannedAt: new Date(0),
      timeZone: 'Europe/Madrid',
      quietHours: { start: '13:30', end: '15:00' },
    });
    expect(localTimeOf(reminder?.fireAt ?? new Date(0), 'Europe/Madrid')).toBe('13:30');
  });
});

describe('quietHoursOf', () => {
  it('is the window when on and null when off', () => {
    expect(quietHoursOf({ enabled: true, start: '22:00', end: '07:00' })).toEqual({ start: '22:00', end: '07:00' });
    expect(quietHoursOf({ enabled: false, start: '22:00', end: '07:00' })).toBeNull();
  });
});

describe('outsideQuietHours', () => {
  const zones = fc.constantFrom(LONDON, 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe', 'UTC');
  const instants = fc.integer({ min: Date.UTC(2030, 0, 1), max: Date.UTC(2033, 0, 1) }).map((ms) => new Date(ms));

  it('never moves a reminder later, and never leaves one inside quiet hours', () => {
    fc.assert(
      fc.property(instants, zones, (at, zone) => {
        const moved = outsideQuietHours(at, zone);
        expect(moved.getTime()).toBeLessThanOrEqual(at.getTime());
        const minute = minutesOfDay(localTimeOf(moved, zone));
        const inside =
          minute > minutesOfDay(DEFAULT_QUIET_HOURS.start) || minute < minutesOfDay(DEFAULT_QUIET_HOURS.end);
        expect(inside).toBe(false);
        // Moved at most one quiet night back (11 hours, plus an hour for a clock change).
        expect(at.getTime() - moved.getTime()).toBeLessThanOrEqual(12 * HOUR);
      }),
    );
  });

  it('leaves a reminder outside quiet hours where it is', () => {
    const at = zonedTimeToUtc('2031-05-20', '14:15', LONDON);
    expect(outsideQuietHours(at, LONDON)).toEqual(at);
  });
});

describe('afterQuietHours', () => {
  it('holds a notice found at 03:00 until 08:00 the same morning', () => {
    const at = zonedTimeToUtc('2031-05-20', '03:00', LONDON);
    expect(afterQuietHours(at, LONDON, DEFAULT_QUIET_HOURS)).toEqual(zonedTimeToUtc('2031-05-20', '08:00', LONDON));
  });

  it('holds one found at 22:30 until 08:00 the next morning, across the spring clock change', () => {
    const at = zonedTimeToUtc('2031-03-29', '22:30', LONDON);
    expect(afterQuietHours(at, LONDON, DEFAULT_QUIET_HOURS)).toEqual(zonedTimeToUtc('2031-03-30', '08:00', LONDON));
  });

  it('leaves a daytime moment, and any moment when quiet hours are off, as it is', () => {
    const noon = zonedTimeToUtc('2031-05-20', '12:00', LONDON);
    const night = zonedTimeToUtc('2031-05-20', '02:00', LONDON);
    expect(afterQuietHours(noon, LONDON, DEFAULT_QUIET_HOURS)).toEqual(noon);
    expect(afterQuietHours(night, LONDON, null)).toEqual(night);
  });

  it('never lands inside quiet hours, and never earlier than asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 366 * 24 * 60 }), (minutes) => {
        const at = new Date(Date.UTC(2031, 0, 1) + minutes * 60_000);
        const held = afterQuietHours(at, LONDON, DEFAULT_QUIET_HOURS);
        const minute = minutesOfDay(localTimeOf(held, LONDON));
        expect(held.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(minute >= 8 * 60 && minute <= 21 * 60).toBe(true);
      }),
    );
  });
});
