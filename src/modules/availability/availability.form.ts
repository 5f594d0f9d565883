import { formList, formValues } from '../../common/validation/form.js';
import type { WeeklyRange } from './availability.types.js';
import { normaliseTime, timeOfMinutes } from './slots.rules.js';
import { minutesOfDay } from '../../common/time/zoned-time.js';

/**
 * The weekly hours form. Each weekday N posts its rows as repeated `start-N` / `end-N` fields, in order. The
 * buttons that add, remove or copy rows are submit buttons named `op`, so the same form works without
 * JavaScript: the server re-renders the editor with the change, unsaved, and only `op=save` (or no op) saves.
 */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface HoursRow {
  start: string;
  end: string;
}

/** Rows as typed, per weekday (1 to 7). */
export type WeekRows = Record<number, HoursRow[]>;

export type WeekOp =
  | { kind: 'save' }
  | { kind: 'add'; weekday: number }
  | { kind: 'remove'; weekday: number; row: number }
  | { kind: 'copyMonday' };

export const MAX_ROWS_PER_DAY = 8;

export function emptyWeek(): WeekRows {
  return Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, []]));
}

export function rowsFromWeek(weekly: WeeklyRange[]): WeekRows {
  const rows = emptyWeek();
  for (const range of weekly) rows[range.weekday]?.push({ start: range.start, end: range.end });
  return rows;
}

function parseOp(value: string): WeekOp {
  let match = /^add-([1-7])$/.exec(value);
  if (match) return { kind: 'add', weekday: Number(match[1]) };
  match = /^remove-([1-7])-(\d{1,2})$/.exec(value);
  if (match) return { kind: 'remove', weekday: Number(match[1]), row: Number(match[2]) };
  if (value === 'copy-monday') return { kind: 'copyMonday' };
  return { kind: 'save' };
}

export function parseWeekForm(body: unknown): { rows: WeekRows; op: WeekOp } {
  const rows = emptyWeek();
  for (const weekday of WEEKDAYS) {
    const starts = formList(body, `start-${weekday}`);
    const ends = formList(body, `end-${weekday}`);
    const count = Math.min(Math.max(starts.length, ends.length), MAX_ROWS_PER_DAY);
    for (let row = 0; row < count; row += 1)
      rows[weekday].push({ start: (starts[row] ?? '').slice(0, 8), end: (ends[row] ?? '').slice(0, 8) });
  }
  return { rows, op: parseOp(formValues(body, ['op']).op) };
}

/** A new row starts an hour after the day's last range (or 09:00–17:00 on an empty day). */
function suggestedRow(day: HoursRow[]): HoursRow {
  const lastEnd = [...day]
    .reverse()
    .map((row) => normaliseTime(row.end))
    .find((end) => end !== null);
  if (!lastEnd) return { start: '09:00', end: '17:00' };
  const start = minutesOfDay(lastEnd) + 60;
  if (start + 60 > 23 * 60 + 59) return { start: '', end: '' };
  return { start: timeOfMinutes(start), end: timeOfMinutes(Math.min(start + 180, 23 * 60 + 59)) };
}

/** The editor after an add, remove or copy. Returns a new object; rows as typed are kept. */
export function applyWeekOp(rows: WeekRows, op: WeekOp): WeekRows {
  const next: WeekRows = Object.fromEntries(
    WEEKDAYS.map((weekday) => [weekday, rows[weekday].map((row) => ({ ...row }))]),
  );
  if (op.kind === 'add' && next[op.weekday].length < MAX_ROWS_PER_DAY)
    next[op.weekday].push(suggestedRow(next[op.weekday]));
  if (op.kind === 'remove') next[op.weekday].splice(op.row, 1);
  if (op.kind === 'copyMonday') for (const weekday of [2, 3, 4, 5]) next[weekday] = next[1].map((row) => ({ ...row }));
  return next;
}

/** Where focus lands after an unsaved change: the new row, or the day's "Add hours" after a removal. */
export function focusAfter(op: WeekOp, rows: WeekRows): { weekday: number; row: number | 'add' } | undefined {
  if (op.kind === 'add') return { weekday: op.weekday, row: rows[op.weekday].length - 1 };
  if (op.kind === 'remove') return { weekday: op.weekday, row: 'add' };
  return undefined;
}

/** Where each range sent to the service came from, so its errors land on the right row. */
export interface RowPosition {
  weekday: number;
  row: number;
}

/** The rows as service input; rows left completely blank are dropped (that is how a row is cleared without JS). */
export function toWeeklyInput(rows: WeekRows): { ranges: WeeklyRange[]; positions: RowPosition[] } {
  const ranges: WeeklyRange[] = [];
  const positions: RowPosition[] = [];
  for (const weekday of WEEKDAYS) {
    rows[weekday].forEach((row, index) => {
      if (row.start === '' && row.end === '') return;
      ranges.push({ weekday, start: row.start, end: row.end });
      positions.push({ weekday, row: index });
    });
  }
  return { ranges, positions };
}

export interface RowErrors {
  start: boolean;
  end: boolean;
  messages: string[];
}

/** Service errors (`weekly.<index>[.field]`) keyed by row: "<weekday>-<row>". */
export function rowErrors(fields: Record<string, string[]>, positions: RowPosition[]): Record<string, RowErrors> {
  const byRow: Record<string, RowErrors> = {};
  for (const [field, messages] of Object.entries(fields)) {
    const match = /^weekly\.(\d+)(?:\.(\w+))?$/.exec(field);
    const position = match ? positions[Number(match[1])] : undefined;
    if (!match || !position) continue;
    const key = `${position.weekday}-${position.row}`;
    const entry = (byRow[key] ??= { start: false, end: false, messages: [] });
    if (match[2] === 'start' || match[2] === undefined) entry.start = true;
    if (match[2] === 'end' || match[2] === undefined) entry.end = true;
    entry.messages.push(...messages);
  }
  return byRow;
}

export const DAY_OFF_FIELDS = ['date', 'until', 'reason'] as const;

export const SLOT_QUERY_FIELDS = ['date', 'durationMinutes', 'customMinutes', 'excludeBookingId', 'time'] as const;

/** The booking form's length: its select's minutes, or the custom minutes when the select says "custom". */
export function slotQueryMinutes(values: Record<string, string>): string {
  return values.durationMinutes === 'custom' ? (values.customMinutes ?? '') : (values.durationMinutes ?? '');
}

/** "60" as 60; anything else as NaN, which the service rejects with a message. */
export function parseMinutes(value: string): number {
  return /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
}
