import { describe, expect, it } from '@jest/globals';
import { applyWeekOp, emptyWeek, parseWeekForm, rowErrors, toWeeklyInput } from './availability.form.js';

describe('parseWeekForm', () => {
  it('pairs repeated start-N / end-N fields by position and reads the op', () => {
    const { rows, op } = parseWeekForm({
      'start-1': ['07:00', '16:00'],
      'end-1': ['12:00', '20:00'],
      'start-7': '10:00',
      'end-7': '',
      op: 'remove-1-0',
    });
    expect(rows[1]).toEqual([
      { start: '07:00', end: '12:00' },
      { start: '16:00', end: '20:00' },
    ]);
    expect(rows[7]).toEqual([{ start: '10:00', end: '' }]);
    expect(rows[3]).toEqual([]);
    expect(op).toEqual({ kind: 'remove', weekday: 1, row: 0 });
  });

  it('treats a missing or unknown op as save, and ignores junk values', () => {
    expect(parseWeekForm({}).op).toEqual({ kind: 'save' });
    expect(parseWeekForm({ op: 'add-9' }).op).toEqual({ kind: 'save' });
    expect(parseWeekForm({ 'start-2': { nested: true } }).rows[2]).toEqual([]);
  });
});

describe('applyWeekOp', () => {
  it('adds an empty day’s first row as 09:00–17:00 and later rows an hour after the last', () => {
    const week = applyWeekOp(emptyWeek(), { kind: 'add', weekday: 4 });
    expect(week[4]).toEqual([{ start: '09:00', end: '17:00' }]);
    week[4][0].end = '12:00';
    expect(applyWeekOp(week, { kind: 'add', weekday: 4 })[4][1]).toEqual({ start: '13:00', end: '16:00' });
  });

  it('removes a row and copies Monday to Tuesday–Friday without touching the weekend', () => {
    const week = emptyWeek();
    week[1] = [{ start: '06:00', end: '08:00' }];
    week[6] = [{ start: '10:00', end: '11:00' }];
    const copied = applyWeekOp(week, { kind: 'copyMonday' });
    expect([2, 3, 4, 5].map((weekday) => copied[weekday])).toEqual(Array(4).fill([{ start: '06:00', end: '08:00' }]));
    expect(copied[6]).toEqual([{ start: '10:00', end: '11:00' }]);
    expect(applyWeekOp(copied, { kind: 'remove', weekday: 1, row: 0 })[1]).toEqual([]);
    expect(week[2]).toEqual([]);
  });
});

describe('toWeeklyInput and rowErrors', () => {
  it('drops blank rows and maps service errors back to the rows they came from', () => {
    const week = emptyWeek();
    week[2] = [
      { start: '', end: '' },
      { start: '09:00', end: '08:00' },
    ];
    week[5] = [{ start: '07:00', end: '09:00' }];
    const { ranges, positions } = toWeeklyInput(week);
    expect(ranges).toEqual([
      { weekday: 2, start: '09:00', end: '08:00' },
      { weekday: 5, start: '07:00', end: '09:00' },
    ]);
    const errors = rowErrors(
      { 'weekly.0.end': ['Finish after the start time.'], 'weekly.1': ['Overlaps'], 'daysOff.0.date': ['x'] },
      positions,
    );
    expect(errors).toEqual({
      '2-1': { start: false, end: true, messages: ['Finish after the start time.'] },
      '5-0': { start: true, end: true, messages: ['Overlaps'] },
    });
  });
});
