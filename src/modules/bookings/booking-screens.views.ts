import type { FormState } from '../../common/validation/form.js';
import { toSlotsView } from '../availability/availability.views.js';
import type { DaySlots } from '../availability/availability.types.js';
import type { ClientOption } from '../clients/clients.types.js';
import type { UsableCredit } from '../packages/credits.types.js';
import { navFor } from '../pages/app-sections.js';
import { toNotificationTimeline } from '../reminders/notification-log.views.js';
import type { CreditDecision } from './credit-policy.js';
import type { Booking } from './booking.entity.js';
import type { SessionRead } from './booking-read.types.js';
import type { BookingFormRead, SessionDetailsRead } from './booking-screens.service.js';
import { durationOptions } from './booking.form.js';
import { listQueryString, SHOW_OPTIONS, type ListQueryValues } from './bookings-list.query.js';
import type { Page } from '../../common/pagination/cursor.js';
import { groupByDay, paymentOptions, toBookingDetails, toBookingRow } from './bookings.views.js';

/** Templates of the bookings screens, named once. */
export const BOOKING_TEMPLATES = {
  page: 'pages/bookings/index',
  formPage: 'pages/bookings/form-page',
  list: 'partials/bookings/list',
  row: 'partials/bookings/row',
  details: 'partials/bookings/details',
  createForm: 'partials/bookings/create-form',
  rescheduleForm: 'partials/bookings/reschedule-form',
  cancelForm: 'partials/bookings/cancel-form',
  paymentOptions: 'partials/bookings/payment-options',
} as const;

const CREATE_ACTION = { label: 'New booking', href: '/bookings/create-form', hxGet: '/bookings/create-form' };

/** What the layout needs around every bookings page; a dialog shown as a page keeps its own title in its card. */
function frame() {
  return { title: 'Bookings', nav: navFor('bookings'), primaryAction: CREATE_ACTION };
}

/** The slot picker: the free times of the form's day, or a prompt while the date or length is missing. */
function slotPicker(slots: DaySlots | null, time: string | undefined) {
  return slots
    ? { slots: toSlotsView(slots, time ?? '') }
    : { prompt: 'Pick a date and length to see your free times.' };
}

/** The list page, or (without `clients`: the fragment has no filter form) the #bookings-list fragment alone. */
export function toListScreen(
  values: ListQueryValues,
  screen: { page: Page<SessionRead>; clients?: ClientOption[] },
  timeZone: string,
  now = new Date(),
) {
  const rows = screen.page.items.map(({ booking, waivable }) => toBookingRow(booking, timeZone, { now, waivable }));
  const filtered = values.show !== 'upcoming' || Boolean(values.clientId || values.from || values.to);
  return {
    ...frame(),
    view: 'list',
    isWeek: false,
    filters: values,
    filtered,
    showOptions: SHOW_OPTIONS.map((option) => ({ ...option, selected: option.value === values.show })),
    clientOptions: screen.clients
      ? [{ value: '', label: 'All clients', selected: !values.clientId }].concat(
          screen.clients.map((client) => ({
            value: client.id,
            label: client.name,
            selected: client.id === values.clientId,
          })),
        )
      : [],
    groups: groupByDay(rows),
    isEmpty: rows.length === 0,
    pagination: {
      prevUrl: values.page > 1 ? `/bookings${listQueryString(values, values.page - 1)}` : null,
      nextUrl: screen.page.nextCursor ? `/bookings${listQueryString(values, values.page + 1)}` : null,
      label: `Page ${values.page}`,
    },
    listUrl: `/bookings/list${listQueryString(values, values.page)}`,
  };
}

export function toWeekScreen(week: unknown) {
  return { ...frame(), view: 'week', isWeek: true, week };
}

export function toDetailsScreen(read: SessionDetailsRead, timeZone: string, now = new Date()) {
  return {
    ...frame(),
    partial: 'bookings/details',
    booking: toBookingDetails(read.booking, timeZone, { waivable: read.waivable, now }),
    notifications: toNotificationTimeline(read.notifications, timeZone, now),
  };
}

export function toRowView(read: SessionRead, timeZone: string) {
  return toBookingRow(read.booking, timeZone, { waivable: read.waivable });
}

export function paymentContext(credits: UsableCredit[], selected: string | undefined, timeZone: string) {
  return {
    paymentOptions: paymentOptions(credits, selected || undefined, timeZone),
    paymentHelp:
      credits.length > 0
        ? 'Defaults to the package that expires soonest.'
        : 'No package credits for this client: the session is paid for on its own.',
  };
}

export function toCreateFormScreen(form: FormState, read: BookingFormRead, timeZone: string) {
  return {
    ...frame(),
    partial: 'bookings/create-form',
    form,
    clients: read.clients.map((client) => ({
      value: client.id,
      label: client.name,
      selected: client.id === form.values.clientId,
    })),
    hasClients: read.clients.length > 0,
    durations: durationOptions(form.values.durationMinutes ?? '60'),
    isCustom: form.values.durationMinutes === 'custom',
    slotPicker: slotPicker(read.slots, form.values.time),
    ...paymentContext(read.credits, form.values.payWith, timeZone),
  };
}

export function toRescheduleFormScreen(
  form: FormState,
  read: { booking: Booking; slots: DaySlots | null },
  timeZone: string,
) {
  return {
    ...frame(),
    partial: 'bookings/reschedule-form',
    booking: toBookingRow(read.booking, timeZone),
    form,
    durations: durationOptions(form.values.durationMinutes ?? ''),
    slotPicker: slotPicker(read.slots, form.values.time),
  };
}

export function toCancelFormScreen(
  preview: { booking: Booking; byTrainer: CreditDecision; byClient: CreditDecision },
  timeZone: string,
) {
  const { booking, byTrainer, byClient } = preview;
  return {
    ...frame(),
    partial: 'bookings/cancel-form',
    booking: toBookingRow(booking, timeZone),
    form: { values: { cancelledBy: 'trainer' }, errors: {} },
    credit: booking.clientPackage
      ? { byTrainer: byTrainer.message, byClient: byClient.message, forfeits: byClient.outcome === 'forfeited' }
      : null,
  };
}
