import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { localTimeOf, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import {
  computeFreeSlots,
  dayWarnings,
  earliestStart,
  isLocalDate,
  mergeRanges,
  normaliseTime,
  outsideHoursWarnings,
  type FreeSlotsInput,
} from './slots.rules.js';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';

function slots(overrides: Partial<FreeSlotsInput>): FreeSlotsInput {
  return {
    date: '2026-12-01',
    durationMinutes: 60,
    timeZone: LONDON,
    ranges: [{ start: '09:00', end: '12:00' }],
    dayOff: false,
    busy: [],
    ...overrides,
  };
}

function labels(input: FreeSlotsInput): string[] {
  return computeFreeSlots(input).map((slot) => slot.label);
}

function busy(start: string, end: string) {
  return { start: new Date(start), end: new Date(end) };
}

describe('computeFreeSlots', () => {
  it('offers every quarter hour of the working hours where a whole session fits', () => {
    expect(labels(slots({}))).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '09:45',
      '10:00',
      '10:15',
      '10:30',
      '10:45',
      '11:00',
    ]);
  });

  it('gives each slot its instant and its end (start + duration)', () => {
    const [first] = computeFreeSlots(slots({ durationMinutes: 45 }));
    expect(first).toEqual({
      start: new Date('2026-12-01T09:00:00Z'),
      end: new Date('2026-12-01T09:45:00Z'),
      label: '09:00',
    });
  });

  it('takes away times that overlap a booked session', () => {
    expect(labels(slots({ busy: [busy('2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z')] }))).toEqual(['09:00', '11:00']);
  });

  it('offers the moment a session ends, so an odd-length session can be followed straight away', () => {
    expect(labels(slots({ busy: [busy('2026-12-01T09:00:00Z', '2026-12-01T09:50:00Z')] }))).toEqual([
      '09:50',
      '10:00',
      '10:15',
      '10:30',
      '10:45',
      '11:00',
    ]);
  });

  it('offers nothing on a day off', () => {
    expect(labels(slots({ dayOff: true }))).toEqual([]);
  });

  it('offers nothing on a day without hours', () => {
    expect(labels(slots({ ranges: [] }))).toEqual([]);
  });

  it('handles several ranges in a day, with nothing in the gap between them', () => {
    const result = labels(
      slots({
        ranges: [
          { start: '17:00', end: '19:00' },
          { start: '07:00', end: '09:00' },
        ],
      }),
    );
    expect(result).toEqual(['07:00', '07:15', '07:30', '07:45', '08:00', '17:00', '17:15', '17:30', '17:45', '18:00']);
  });

  it('does not offer a 90-minute session that would run past the end of a range', () => {
    const result = labels(
      slots({
        durationMinutes: 90,
        ranges: [
          { start: '09:00', end: '12:00' },
          { start: '16:00', end: '17:00' },
        ],
      }),
    );
    expect(result.at(-1)).toBe('10:30');
    expect(result).not.toContain('10:45');
    expect(result.some((label) => label >= '16:00')).toBe(false);
  });

  it('lets a session run across two ranges that touch', () => {
    expect(
      labels(
        slots({
          ranges: [
            { start: '09:00', end: '12:00' },
            { start: '12:00', end: '13:00' },
          ],
        }),
      ),
    ).toContain('11:30');
  });

  it('leaves out slots that have already started', () => {
    expect(labels(slots({ now: new Date('2026-12-01T10:20:00Z') }))).toEqual(['10:30', '10:45', '11:00']);
  });

  describe('minimum notice', () => {
    it('leaves out slots that start sooner than now plus the notice', () => {
      // 08:20 now with 2 h notice: nothing before 10:20, so 10:30 is the first slot.
      expect(labels(slots({ now: new Date('2026-12-01T08:20:00Z'), noticeMinutes: 120 }))).toEqual([
        '10:30',
        '10:45',
        '11:00',
      ]);
    });

    it('keeps a slot that starts exactly at now plus the notice', () => {
      expect(labels(slots({ now: new Date('2026-12-01T08:00:00Z'), noticeMinutes: 60 }))[0]).toBe('09:00');
    });

    it('empties a whole day that lies inside the notice (48 h notice, the day after tomorrow at 09:00)', () => {
      expect(labels(slots({ now: new Date('2026-11-29T12:00:00Z'), noticeMinutes: 48 * 60 }))).toEqual([]);
    });

    it('treats no notice as "not in the past"', () => {
      expect(earliestStart(new Date('2026-12-01T10:20:00Z'))).toEqual(new Date('2026-12-01T10:20:00Z'));
      expect(labels(slots({ now: new Date('2026-12-01T10:20:00Z'), noticeMinutes: 0 }))).toEqual([
        '10:30',
        '10:45',
        '11:00',
      ]);
    });

    it('never offers a slot before now + notice, and drops nothing at or after it (property)', () => {
      const dayStart = new Date('2026-12-01T00:00:00Z').getTime();
      fc.assert(
        fc.property(
          fc.integer({ min: -2 * 24 * 60, max: 2 * 24 * 60 }),
          fc.integer({ min: 0, max: 72 * 60 }),
          fc.integer({ min: 5, max: 180 }),
          (nowOffsetMinutes, noticeMinutes, durationMinutes) => {
            const now = new Date(dayStart + nowOffsetMinutes * 60_000);
            const ranges = [{ start: '06:00', end: '22:00' }];
            const all = computeFreeSlots(slots({ ranges, durationMinutes }));
            const offered = computeFreeSlots(slots({ ranges, durationMinutes, now, noticeMinutes }));
            const earliest = now.getTime() + noticeMinutes * 60_000;
            expect(offered.every((slot) => slot.start.getTime() >= earliest)).toBe(true);
            expect(offered).toEqual(all.filter((slot) => slot.start.getTime() >= earliest));
          },
        ),
      );
    });
  });

  it('honours another step', () => {
    expect(labels(slots({ stepMinutes: 60 }))).toEqual(['09:00', '10:00', '11:00']);
  });

  describe('daylight-saving days', () => {
    it('keeps 09:00 at 09:00 local either side of the spring change in London (2026-03-29)', () => {
      const before = computeFreeSlots(slots({ date: '2026-03-28' }))[0];
      const on = computeFreeSlots(slots({ date: '2026-03-29' }))[0];
      expect(before.start.toISOString()).toBe('2026-03-28T09:00:00.000Z');
      expect(on.start.toISOString()).toBe('2026-03-29T08:00:00.000Z');
      expect(localTimeOf(on.start, LONDON)).toBe('09:00');
    });

    it('skips the hour London’s clocks jump over and measures sessions in real time', () => {
      const day = computeFreeSlots(
        slots({ date: '2026-03-29', ranges: [{ start: '00:00', end: '04:00' }], stepMinutes: 30 }),
      );
      expect(day.map((slot) => slot.label)).toEqual(['00:00', '00:30', '02:00', '02:30', '03:00']);
      // 00:30 GMT + 60 minutes is 02:30 BST.
      expect(localTimeOf(day[1].end, LONDON)).toBe('02:30');
    });

    it('offers the repeated hour once when London’s clocks go back (2026-10-25)', () => {
      const day = computeFreeSlots(
        slots({ date: '2026-10-25', ranges: [{ start: '00:00', end: '03:00' }], stepMinutes: 60 }),
      );
      expect(day.map((slot) => [slot.label, slot.start.toISOString()])).toEqual([
        ['00:00', '2026-10-24T23:00:00.000Z'],
        // The same instant the booking form books for a typed "01:00", so a picked slot is the slot booked.
        ['01:00', zonedTimeToUtc('2026-10-25', '01:00', LONDON).toISOString()],
        ['02:00', '2026-10-25T02:00:00.000Z'],
      ]);
      expect(computeFreeSlots(slots({ date: '2026-10-25' }))[0].start.toISOString()).toBe('2026-10-25T09:00:00.000Z');
    });

    it('skips 02:00–02:59 in New York on 2026-03-08 and keeps 09:00 local', () => {
      const night = labels(
        slots({ date: '2026-03-08', timeZone: NEW_YORK, ranges: [{ start: '01:00', end: '04:00' }], stepMinutes: 30 }),
      );
      expect(night).toEqual(['01:00', '01:30', '03:00']);
      const morning = computeFreeSlots(slots({ date: '2026-03-08', timeZone: NEW_YORK }))[0];
      expect(morning.start.toISOString()).toBe('2026-03-08T13:00:00.000Z');
    });

    it('subtracts bookings by instant on New York’s 25-hour day (2026-11-01)', () => {
      // 09:00 EST is 14:00Z; a booking at 14:00Z–15:00Z takes 09:00 local, not 10:00.
      const result = computeFreeSlots(
        slots({
          date: '2026-11-01',
          timeZone: NEW_YORK,
          stepMinutes: 60,
          busy: [busy('2026-11-01T14:00:00Z', '2026-11-01T15:00:00Z')],
        }),
      );
      expect(result.map((slot) => [slot.label, slot.start.toISOString()])).toEqual([
        ['10:00', '2026-11-01T15:00:00.000Z'],
        ['11:00', '2026-11-01T16:00:00.000Z'],
      ]);
    });
  });
});

describe('mergeRanges', () => {
  it('sorts ranges and joins the ones that overlap or touch', () => {
    expect(
      mergeRanges([
        { start: '16:00', end: '18:00' },
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '13:00' },
        { start: '17:00', end: '20:00' },
      ]),
    ).toEqual([
      { start: '09:00', end: '13:00' },
      { start: '16:00', end: '20:00' },
    ]);
  });
});

describe('outsideHoursWarnings', () => {
  // 2026-12-01 is a Tuesday, in GMT.
  const weekly = [
    { weekday: 2, start: '07:00', end: '12:00' },
    { weekday: 2, start: '16:00', end: '20:00' },
  ];
  const at = (
    start: string,
    end: string,
    extra: {
      daysOff?: Array<{ date: string; reason?: string | null }>;
      timeZone?: string;
      weekly?: typeof weekly;
    } = {},
  ) =>
    outsideHoursWarnings({
      start: new Date(start),
      end: new Date(end),
      timeZone: extra.timeZone ?? LONDON,
      weekly: extra.weekly ?? weekly,
      daysOff: extra.daysOff ?? [],
    });

  it('is quiet for a session inside the hours', () => {
    expect(at('2026-12-01T07:00:00Z', '2026-12-01T08:00:00Z')).toEqual([]);
    expect(at('2026-12-01T19:00:00Z', '2026-12-01T20:00:00Z')).toEqual([]);
  });

  it('warns about a session outside the hours and lists the day’s hours', () => {
    expect(at('2026-12-01T12:30:00Z', '2026-12-01T13:30:00Z')).toEqual([
      'Outside your working hours (Tue: 07:00–12:00, 16:00–20:00)',
    ]);
  });

  it('warns about a session that runs past the end of a range', () => {
    expect(at('2026-12-01T11:30:00Z', '2026-12-01T12:30:00Z')).toHaveLength(1);
  });

  it('warns about a weekday without hours', () => {
    expect(at('2026-12-06T10:00:00Z', '2026-12-06T11:00:00Z')).toEqual([
      'Outside your working hours (you have no hours on Sundays)',
    ]);
  });

  it('names a day off and its reason instead', () => {
    expect(
      at('2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', { daysOff: [{ date: '2026-12-01', reason: 'Holiday' }] }),
    ).toEqual(['That’s a day off (Holiday)']);
    expect(
      at('2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', { daysOff: [{ date: '2026-12-01', reason: null }] }),
    ).toEqual(['That’s a day off']);
  });

  it('says nothing about hours until some are set', () => {
    expect(at('2026-12-01T03:00:00Z', '2026-12-01T04:00:00Z', { weekly: [] })).toEqual([]);
  });

  it('reads hours in the local time of that date across a daylight-saving change', () => {
    const sunday = [{ weekday: 7, start: '09:00', end: '10:00' }];
    // New York, Sunday 2026-11-01, after the clocks went back: 09:00 EST is 14:00Z; 13:00Z is 08:00 EST.
    expect(at('2026-11-01T14:00:00Z', '2026-11-01T15:00:00Z', { timeZone: NEW_YORK, weekly: sunday })).toEqual([]);
    expect(at('2026-11-01T13:00:00Z', '2026-11-01T14:00:00Z', { timeZone: NEW_YORK, weekly: sunday })).toEqual([
      'Outside your working hours (Sun: 09:00–10:00)',
    ]);
  });
});

describe('dayWarnings', () => {
  it('names a day off, then a weekday without hours, and stays quiet before hours are set', () => {
    expect(dayWarnings({ date: '2026-12-01', ranges: [], dayOff: { reason: 'Dentist' }, hoursSet: true })).toEqual([
      'That’s a day off (Dentist)',
    ]);
    expect(dayWarnings({ date: '2026-12-01', ranges: [], dayOff: null, hoursSet: true })).toEqual([
      'You have no working hours on Tuesdays',
    ]);
    expect(dayWarnings({ date: '2026-12-01', ranges: [], dayOff: null, hoursSet: false })).toEqual([]);
    expect(
      dayWarnings({ date: '2026-12-01', ranges: [{ start: '09:00', end: '10:00' }], dayOff: null, hoursSet: true }),
    ).toEqual([]);
  });
});

describe('normaliseTime and isLocalDate', () => {
  it('accepts times of day only', () => {
    expect(normaliseTime('9:05')).toBe('09:05');
    expect(normaliseTime('21:30:00')).toBe('21:30');
    expect(['24:00', '12:60', '9', 'noon', '', undefined].map(normaliseTime)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('accepts real calendar dates only', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-1-1', 'tomorrow', 42].map(isLocalDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
