import { formatDay, formatMoney, formatTimeRange, formatDateTime, formatLongDate } from '../../common/time/format.js';
import { addDays, isoWeekday, localDateOf, localTimeOf, minutesOfDay, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { actionsFor } from './booking-state-machine.js';
import { isLate } from './credit-policy.js';
import { BookingStatus } from './booking-status.js';
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

export interface BookingRowView {
  id: string;
  day: string;
  time: string;
  when: string;
  clientName: string;
  clientHref: string;
  duration: string;
  status: BookingStatus;
  statusLabel: string;
  price: string | null;
  notes: string | null;
  cancelledNote: string | null;
  canConfirm: boolean;
  canComplete: boolean;
  canNoShow: boolean;
  canCancel: boolean;
  canReschedule: boolean;
  /** A forfeited credit (late client cancel or no-show) the trainer may give back. */
  canWaive: boolean;
  usesCredit: boolean;
  isPast: boolean;
}

/** What a template needs to show one session: labels only, no entities and no formatting logic. */
export function toBookingRow(booking: Booking, timeZone: string, now = new Date(), cutoffHours = 24): BookingRowView {
  const actions = actionsFor(booking.status);
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
    duration: `${durationOf(booking)} min`,
    status: booking.status,
    statusLabel: STATUS_LABELS[booking.status as BookingStatus],
    price: booking.priceMinor !== null && booking.priceMinor !== undefined ? formatMoney(booking.priceMinor, booking.currency) : null,
    notes: booking.notes ?? null,
    cancelledNote,
    canConfirm: actions.includes('confirm'),
    canComplete: actions.includes('complete'),
    canNoShow: actions.includes('no_show'),
    canCancel: actions.includes('cancel'),
    canReschedule: actions.includes('reschedule'),
    canWaive:
      Boolean(booking.clientPackage) &&
      (booking.status === BookingStatus.NoShow ||
        (booking.status === BookingStatus.Cancelled &&
          booking.cancelledBy === 'client' &&
          isLate(booking.cancelledAt ?? now, booking.startTime, cutoffHours))),
    usesCredit: Boolean(booking.clientPackage),
    isPast: booking.endTime.getTime() <= now.getTime(),
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


/** The Monday of the local week containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

function percentOfDay(minutes: number): number {
  const span = (CALENDAR_END_HOUR - CALENDAR_START_HOUR) * 60;
  return Math.min(100, Math.max(0, ((minutes - CALENDAR_START_HOUR * 60) / span) * 100));
}

/**
 * The week calendar: seven local days with sessions placed by their local start and length, and the trainer's
 * working hours shaded. Positions are percentages of the 06:00–22:00 window, set as inline styles.
 */
export function toWeekView(monday: string, bookings: Booking[], hours: WeeklyRange[], timeZone: string, today: string) {
  const days = Array.from({ length: 7 }, (_, index) => {
    const date = addDays(monday, index);
    const noon = zonedTimeToUtc(date, '12:00', timeZone);
    const weekday = index + 1;
    return {
      date,
      label: formatDay(noon, timeZone),
      isToday: date === today,
      shaded: hours
        .filter((range) => range.weekday === weekday)
        .map((range) => {
          const top = percentOfDay(minutesOfDay(range.start));
          return { style: `top:${top}%;height:${percentOfDay(minutesOfDay(range.end)) - top}%` };
        }),
      // Cancelled sessions no longer hold the time, so the calendar leaves them out.
      sessions: bookings
        .filter((booking) => booking.status !== BookingStatus.Cancelled && localDateOf(booking.startTime, timeZone) === date)
        .map((booking) => {
          const startMinutes = minutesOfDay(localTimeOf(booking.startTime, timeZone));
          const top = percentOfDay(startMinutes);
          const height = Math.max(percentOfDay(startMinutes + durationOf(booking)) - top, 3);
          return { ...toBookingRow(booking, timeZone), style: `top:${top}%;height:${height}%` };
        }),
    };
  });
  const hourLabels = Array.from({ length: CALENDAR_END_HOUR - CALENDAR_START_HOUR }, (_, i) => {
    const hour = CALENDAR_START_HOUR + i;
    return { label: `${String(hour).padStart(2, '0')}:00`, style: `top:${percentOfDay(hour * 60)}%` };
  });
  return {
    days,
    hourLabels,
    title: `${formatDay(zonedTimeToUtc(monday, '12:00', timeZone), timeZone)} – ${formatDay(zonedTimeToUtc(addDays(monday, 6), '12:00', timeZone), timeZone)}`,
    prevWeek: addDays(monday, -7),
    nextWeek: addDays(monday, 7),
    thisWeek: mondayOf(today),
  };
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
