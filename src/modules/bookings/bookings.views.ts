import { formatDay, formatMoney, formatTimeRange, formatDateTime, formatLongDate } from '../../common/time/format.js';
import {
  addDays,
  isoWeekday,
  localDateOf,
  localTimeOf,
  minutesOfDay,
  zonedTimeToUtc,
} from '../../common/time/zoned-time.js';
import { actionsNow, primaryActionNow } from './booking-state-machine.js';
import { BookingStatus } from './booking-status.js';
import type { BookingRead } from './booking-read.types.js';
import type { Booking } from './booking.entity.js';
import { durationOf } from './bookings.types.js';
import type { WeeklyRange } from '../availability/availability.types.js';

export const STATUS_LABELS: Record<BookingStatus, string> = {
  [BookingStatus.Pending]: 'Pending',
  [BookingStatus.Confirmed]: 'Confirmed',
  [BookingStatus.Completed]: 'Completed',
  [BookingStatus.NoShow]: 'No-show',
  [BookingStatus.Cancelled]: 'Cancelled',
};

/** One entry of a row's action menu: a POST (status changes) or a dialog opened from a link. */
export interface RowMenuItem {
  label: string;
  ariaLabel: string;
  url: string;
  post: boolean;
  danger: boolean;
  /** For the waive form: the reason recorded on the ledger row. */
  reason?: string;
}

export interface BookingRowView {
  id: string;
  day: string;
  time: string;
  when: string;
  clientName: string;
  clientHref: string;
  detailsHref: string;
  duration: string;
  status: BookingStatus;
  statusLabel: string;
  price: string | null;
  notes: string | null;
  cancelledNote: string | null;
  /** The one next step shown as a button: Complete once started, else Confirm while pending. */
  primary: RowMenuItem | null;
  /** Everything else that can be done now, behind the row's menu. */
  menu: RowMenuItem[];
  canReschedule: boolean;
  usesCredit: boolean;
  isPast: boolean;
}

export interface RowOptions {
  now?: Date;
  /** A forfeited credit the trainer may still give back (see canWaive in credit-policy.ts). */
  waivable?: boolean;
}

/** What a template needs to show one session: labels only, no entities and no formatting logic. */
export function toBookingRow(booking: BookingRead, timeZone: string, options: RowOptions = {}): BookingRowView {
  const now = options.now ?? new Date();
  const actions = actionsNow(booking, now);
  const primaryAction = primaryActionNow(booking, now);
  const who = `${booking.client.name}, ${formatDateTime(booking.startTime, timeZone)}`;
  const base = `/bookings/${booking.id}`;
  const post = (label: string, path: string, ariaLabel: string, extra: Partial<RowMenuItem> = {}): RowMenuItem => ({
    label,
    ariaLabel,
    url: `${base}/${path}`,
    post: true,
    danger: false,
    ...extra,
  });
  const dialog = (label: string, path: string, ariaLabel: string, danger = false): RowMenuItem => ({
    label,
    ariaLabel,
    url: `${base}${path}`,
    post: false,
    danger,
  });
  const items: Record<string, RowMenuItem> = {
    confirm: post('Confirm', 'confirm', `Confirm ${who}`),
    complete: post('Mark completed', 'complete', `Mark ${who} completed`),
    no_show: post('Mark no-show', 'no-show', `Mark ${who} as a no-show`),
    reschedule: dialog('Reschedule', '/reschedule-form', `Reschedule ${who}`),
    cancel: dialog('Cancel session', '/cancel-form', `Cancel ${who}`, true),
  };
  const menu: RowMenuItem[] = [dialog('Details', '', `Details of ${who}`)];
  for (const action of ['confirm', 'complete', 'no_show', 'reschedule', 'cancel'] as const) {
    if (actions.includes(action) && action !== primaryAction) menu.push(items[action]);
  }
  if (options.waivable)
    menu.push(
      post('Give credit back', 'waive', `Give back the forfeited credit for ${who}`, {
        reason: 'Waived by the trainer',
      }),
    );
  const cancelledNote =
    booking.status === BookingStatus.Cancelled && booking.cancelledAt
      ? `Cancelled ${formatDateTime(booking.cancelledAt, timeZone)} by ${booking.cancelledBy === 'client' ? 'the client' : 'you'}${
          booking.cancellationReason ? `: “${booking.cancellationReason}”` : ''
        }`
      : null;
  return {
    id: booking.id,
    day: formatDay(booking.startTime, timeZone),
    time: formatTimeRange(booking.startTime, booking.endTime, timeZone),
    when: formatDateTime(booking.startTime, timeZone),
    clientName: booking.client.name,
    clientHref: `/clients/${booking.client.id}`,
    detailsHref: base,
    duration: `${durationOf(booking)} min`,
    status: booking.status,
    statusLabel: STATUS_LABELS[booking.status as BookingStatus],
    price:
      booking.priceMinor !== null && booking.priceMinor !== undefined
        ? formatMoney(booking.priceMinor, booking.currency)
        : null,
    notes: booking.notes ?? null,
    cancelledNote,
    primary:
      primaryAction === 'complete'
        ? { ...items.complete, label: 'Complete' }
        : primaryAction === 'confirm'
          ? items.confirm
          : null,
    menu,
    canReschedule: actions.includes('reschedule'),
    usesCredit: Boolean(booking.clientPackage),
    isPast: booking.endTime.getTime() <= now.getTime(),
  };
}

/** The details dialog: the row plus the long date and what the row's menu offers, laid out as a sheet. */
export function toBookingDetails(booking: BookingRead, timeZone: string, options: RowOptions = {}) {
  const row = toBookingRow(booking, timeZone, options);
  return {
    ...row,
    longDate: formatLongDay(localDateOf(booking.startTime, timeZone), timeZone),
    actions: [...(row.primary ? [row.primary] : []), ...row.menu.filter((item) => item.label !== 'Details')],
  };
}

/** Groups rows under a heading per local day, in the order given. */
export function groupByDay(rows: BookingRowView[]): Array<{ day: string; rows: BookingRowView[] }> {
  const groups: Array<{ day: string; rows: BookingRowView[] }> = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.day === row.day) last.rows.push(row);
    else groups.push({ day: row.day, rows: [row] });
  }
  return groups;
}

export const CALENDAR_START_HOUR = 6;
export const CALENDAR_END_HOUR = 22;
/** Sessions this short show time and name on one line, so they fit their height. */
const ONE_LINE_MINUTES = 40;

/** The Monday of the local week containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

function percentOfDay(minutes: number): number {
  const span = (CALENDAR_END_HOUR - CALENDAR_START_HOUR) * 60;
  return Math.min(100, Math.max(0, ((minutes - CALENDAR_START_HOUR * 60) / span) * 100));
}

function band(fromMinutes: number, toMinutes: number): string {
  const top = percentOfDay(fromMinutes);
  return `top:${top.toFixed(3)}%;height:${(percentOfDay(toMinutes) - top).toFixed(3)}%`;
}

/** The parts of the calendar window outside the day's working hours (none at all while no hours are set). */
function outsideHours(ranges: WeeklyRange[], hoursSet: boolean): Array<{ style: string }> {
  if (!hoursSet) return [];
  const gaps: Array<{ style: string }> = [];
  let cursor = CALENDAR_START_HOUR * 60;
  for (const range of [...ranges].sort((a, b) => a.start.localeCompare(b.start))) {
    const start = minutesOfDay(range.start);
    if (start > cursor) gaps.push({ style: band(cursor, start) });
    cursor = Math.max(cursor, minutesOfDay(range.end));
  }
  if (cursor < CALENDAR_END_HOUR * 60) gaps.push({ style: band(cursor, CALENDAR_END_HOUR * 60) });
  return gaps;
}

function hhmm(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export interface CalendarOptions {
  /** The local day the phone's day view shows; the week is the one containing it. */
  day: string;
  today: string;
  now?: Date;
}

/**
 * The week calendar and the phone's day view of one of its days: sessions placed by local start and length,
 * the hours outside working hours shaded, an empty hour links to a prefilled booking form, and a line marks now.
 * Positions are percentages of the 06:00–22:00 window, set as inline styles.
 */
export function toWeekView(bookings: Booking[], hours: WeeklyRange[], timeZone: string, options: CalendarOptions) {
  const now = options.now ?? new Date();
  const monday = mondayOf(options.day);
  const hoursSet = hours.length > 0;
  const nowMinutes = minutesOfDay(localTimeOf(now, timeZone));
  const showNow = nowMinutes >= CALENDAR_START_HOUR * 60 && nowMinutes < CALENDAR_END_HOUR * 60;
  const days = Array.from({ length: 7 }, (_, index) => {
    const date = addDays(monday, index);
    const noon = zonedTimeToUtc(date, '12:00', timeZone);
    const label = formatDay(noon, timeZone);
    return {
      date,
      label,
      isToday: date === options.today,
      isSelected: date === options.day,
      shaded: outsideHours(
        hours.filter((range) => range.weekday === index + 1),
        hoursSet,
      ),
      nowLine:
        date === options.today && showNow
          ? { style: `top:${percentOfDay(nowMinutes).toFixed(3)}%`, label: `Now, ${localTimeOf(now, timeZone)}` }
          : null,
      emptySlots: Array.from({ length: CALENDAR_END_HOUR - CALENDAR_START_HOUR }, (_, i) => {
        const time = hhmm(CALENDAR_START_HOUR + i);
        return {
          href: `/bookings/create-form?date=${date}&time=${time}`,
          label: `Book ${label} at ${time}`,
          style: band((CALENDAR_START_HOUR + i) * 60, (CALENDAR_START_HOUR + i + 1) * 60),
        };
      }),
      // Cancelled sessions no longer hold the time, so the calendar leaves them out.
      sessions: bookings
        .filter(
          (booking) => booking.status !== BookingStatus.Cancelled && localDateOf(booking.startTime, timeZone) === date,
        )
        .map((booking) => {
          const startMinutes = minutesOfDay(localTimeOf(booking.startTime, timeZone));
          const minutes = durationOf(booking);
          const row = toBookingRow(booking, timeZone, { now });
          // A session still to come opens Reschedule; one that has started or is history opens its details.
          const opensReschedule = row.canReschedule && booking.startTime.getTime() > now.getTime();
          return {
            ...row,
            style: band(startMinutes, startMinutes + Math.max(minutes, 20)),
            oneLine: minutes <= ONE_LINE_MINUTES,
            href: opensReschedule ? `/bookings/${booking.id}/reschedule-form` : row.detailsHref,
            opensLabel: opensReschedule
              ? `Reschedule ${row.clientName}, ${row.when}`
              : `Details of ${row.clientName}, ${row.when}`,
          };
        }),
    };
  });
  const hourLabels = Array.from({ length: CALENDAR_END_HOUR - CALENDAR_START_HOUR }, (_, i) => {
    const hour = CALENDAR_START_HOUR + i;
    return { label: hhmm(hour), style: `top:${percentOfDay(hour * 60).toFixed(3)}%` };
  });
  const selected = days.find((day) => day.isSelected) ?? days[0];
  const weekUrl = (day: string) => `/bookings?view=week&day=${day}`;
  return {
    days,
    hourLabels,
    hoursSet,
    title: `${formatDay(zonedTimeToUtc(monday, '12:00', timeZone), timeZone)} – ${formatDay(zonedTimeToUtc(addDays(monday, 6), '12:00', timeZone), timeZone)}`,
    url: weekUrl(options.day),
    prevWeekUrl: weekUrl(addDays(monday, -7)),
    nextWeekUrl: weekUrl(addDays(monday, 7)),
    thisWeekUrl: weekUrl(options.today),
    day: {
      ...selected,
      title: formatLongDay(selected.date, timeZone),
      prevUrl: weekUrl(addDays(selected.date, -1)),
      nextUrl: weekUrl(addDays(selected.date, 1)),
      todayUrl: weekUrl(options.today),
      isEmpty: selected.sessions.length === 0,
    },
  };
}

/** "Tue 3 Jun 2031" for the day view's heading. */
function formatLongDay(date: string, timeZone: string): string {
  const noon = zonedTimeToUtc(date, '12:00', timeZone);
  return `${formatDay(noon, timeZone)} ${formatLongDate(noon, timeZone).split(' ').at(-1) ?? ''}`.trim();
}

/** "Use a credit from 10-session pack (4 left, expires 3 Mar 2027)" options, then pay per session. */
export function paymentOptions(
  credits: Array<{ clientPackageId: string; packageName: string; remaining: number; expiresAt: Date | null }>,
  selected: string | undefined,
  timeZone: string,
): Array<{ value: string; label: string; selected: boolean }> {
  // Default: the valid package that expires soonest (the list comes sorted that way).
  const chosen = selected ?? credits[0]?.clientPackageId ?? 'session';
  return [
    ...credits.map((credit) => ({
      value: credit.clientPackageId,
      label: `Use a credit from ${credit.packageName} (${credit.remaining} left${credit.expiresAt ? `, expires ${formatLongDate(credit.expiresAt, timeZone)}` : ''})`,
      selected: chosen === credit.clientPackageId,
    })),
    { value: 'session', label: 'Pay per session', selected: chosen === 'session' },
  ];
}
