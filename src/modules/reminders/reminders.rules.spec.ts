import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { localTimeOf, minutesOfDay, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { DEFAULT_QUIET_HOURS, outsideQuietHours, planReminders } from './reminders.rules.js';

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
