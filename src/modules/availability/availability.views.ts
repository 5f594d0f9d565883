import { formatDateTime, formatDay, formatLongDate } from '../../common/time/format.js';
import { localDateOf, minutesOfDay, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import type { FormState } from '../../common/validation/form.js';
import { rowsFromWeek, WEEKDAYS, type RowErrors, type WeekRows } from './availability.form.js';
import { AVAILABILITY_LIMITS, type DayOff, type DaySlots, type WeekAvailability } from './availability.types.js';
import { describeRanges, mergeRanges, normaliseTime, WEEKDAY_NAMES, WEEKDAY_SHORT } from './slots.rules.js';

/** "7 h", "7 h 30 min", "45 min" */
export function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

function workedMinutes(rows: Array<{ start: string; end: string }>): number {
  const ranges = rows.flatMap((row) => {
    const start = normaliseTime(row.start);
    const end = normaliseTime(row.end);
    return start && end ? [{ start, end }] : [];
  });
  return mergeRanges(ranges).reduce((sum, range) => sum + minutesOfDay(range.end) - minutesOfDay(range.start), 0);
}

export interface WeekEditorOptions {
  errors?: Record<string, RowErrors>;
  /** Re-rendered after an add/remove/copy: the change is not saved yet. */
  dirty?: boolean;
  /** Where focus should land after the re-render. */
  focus?: { weekday: number; row: number | 'add' };
}

/** The weekly hours card: one entry per weekday, Monday first, with its rows as typed. */
export function toWeekEditor(rows: WeekRows, options: WeekEditorOptions = {}) {
  const errors = options.errors ?? {};
  const week = WEEKDAYS.reduce((sum, weekday) => sum + workedMinutes(rows[weekday]), 0);
  const days = WEEKDAYS.map((weekday) => {
    const name = WEEKDAY_NAMES[weekday - 1];
    const minutes = workedMinutes(rows[weekday]);
    return {
      weekday,
      name,
      short: WEEKDAY_SHORT[weekday - 1],
      total: minutes > 0 ? formatMinutes(minutes) : '',
      canAdd: rows[weekday].length < AVAILABILITY_LIMITS.rangesPerDay,
      focusAdd: options.focus?.weekday === weekday && options.focus.row === 'add',
      rows: rows[weekday].map((row, index) => {
        const rowError = errors[`${weekday}-${index}`];
        return {
          index,
          start: row.start,
          end: row.end,
          position: index + 1,
          startInvalid: rowError?.start ?? false,
          endInvalid: rowError?.end ?? false,
          messages: rowError?.messages ?? [],
          errorId: `errors-hours-${weekday}-${index}`,
          autofocus: options.focus?.weekday === weekday && options.focus.row === index,
          removeLabel:
            row.start && row.end ? `Remove ${name} ${row.start}–${row.end}` : `Remove ${name} range ${index + 1}`,
        };
      }),
    };
  });
  const errorCount = Object.keys(errors).length;
  return {
    days,
    weekTotal: week > 0 ? `${formatMinutes(week)} a week` : 'No hours set yet',
    dirty: options.dirty ?? false,
    canCopyMonday: rows[1].length > 0,
    errorSummary:
      errorCount > 0
        ? `${errorCount === 1 ? 'One range needs' : `${errorCount} ranges need`} attention before your hours can be saved.`
        : '',
  };
}

/** Upcoming days off, soonest first: "Thu 24 Dec 2026", with the weekday and a reason when there is one. */
export function toDayOffRows(daysOff: DayOff[], timeZone: string) {
  const today = localDateOf(new Date(), timeZone);
  return daysOff.map((off) => {
    const noon = zonedTimeToUtc(off.date, '12:00', timeZone);
    const [day = '', month = '', year = ''] = formatLongDate(noon, timeZone).split(' ');
    return {
      id: off.id,
      date: off.date,
      label: formatDay(noon, timeZone),
      day,
      month,
      year,
      reason: off.reason ?? '',
      today: off.date === today,
      removeLabel: `Remove day off ${formatDay(noon, timeZone)}`,
    };
  });
}

/** The add-a-day-off form: what was typed, its messages, and today as the earliest date to pick. */
export function dayOffFormContext(dayOff: FormState, timeZone: string) {
  return { dayOff, today: localDateOf(new Date(), timeZone) };
}

/** The /availability page: the saved week in the editor, the add-a-day-off form and the upcoming days off. */
export function toAvailabilityPage(week: WeekAvailability, timeZone: string) {
  return {
    title: 'Availability',
    timeZone,
    hours: toWeekEditor(rowsFromWeek(week.weekly)),
    dayOffRows: toDayOffRows(week.daysOff, timeZone),
    ...dayOffFormContext({ values: {}, errors: {} }, timeZone),
  };
}

function partOfDay(label: string): 'Morning' | 'Afternoon' | 'Evening' {
  if (label < '12:00') return 'Morning';
  return label < '17:00' ? 'Afternoon' : 'Evening';
}

/**
 * The booking form's slot picker: free start times grouped by part of day, as radio inputs named `time`
 * (value "HH:MM"), the day's warnings, and an empty state that says what to try next.
 */
export function toSlotsView(day: DaySlots, selectedTime = '') {
  const dayLabel = formatDay(zonedTimeToUtc(day.date, '12:00', day.timeZone), day.timeZone);
  const groups: Array<{ label: string; id: string; slots: Array<{ value: string; id: string; checked: boolean }> }> =
    [];
  for (const slot of day.slots) {
    const label = partOfDay(slot.label);
    let group = groups.find((entry) => entry.label === label);
    if (!group) {
      group = { label, id: `slots-${label.toLowerCase()}`, slots: [] };
      groups.push(group);
    }
    group.slots.push({
      value: slot.label,
      id: `slot-${slot.label.replace(':', '')}`,
      checked: slot.label === selectedTime,
    });
  }
  const length = `${day.durationMinutes}-minute`;
  // Only worth saying when the notice reaches into (or past) this day; later days are not affected by it.
  const earliestDate = localDateOf(day.earliestStart, day.timeZone);
  const noticeCuts = day.minimumNoticeHours > 0 && earliestDate >= day.date;
  return {
    dayLabel,
    heading: `Free ${length} slots · ${dayLabel}`,
    hours: day.ranges.length > 0 && !day.dayOff ? `Your hours: ${describeRanges(day.ranges)}` : '',
    warnings: day.warnings,
    groups,
    count: day.slots.length,
    empty: day.slots.length === 0 ? `No free ${length} slots on ${dayLabel}.` : '',
    notice: noticeCuts
      ? `Your minimum notice is ${day.minimumNoticeHours} h: nothing before ${formatDateTime(day.earliestStart, day.timeZone)}.`
      : '',
    emptyHelp: !day.hoursSet
      ? ''
      : noticeCuts && earliestDate > day.date
        ? 'Try a later day.'
        : 'Try another day or a shorter session.',
    needsHours: !day.hoursSet,
  };
}
