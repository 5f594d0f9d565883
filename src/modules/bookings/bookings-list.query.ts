import { addDays } from '../../common/time/zoned-time.js';
import { zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { BookingStatus, SLOT_HOLDING_STATUSES } from './booking-status.js';
import type { BookingFilter } from './bookings.types.js';
import { isIsoDate, isUuid } from '../../common/validation/validators.js';

export const WEB_PAGE_SIZE = 20;
const SHOW_VALUES = ['upcoming', 'past', 'all', ...Object.values(BookingStatus)] as const;

export interface ListQueryValues {
  show: string;
  clientId: string;
  from: string;
  to: string;
  page: number;
}

/**
 * The bookings list's query string, whitelisted value by value (nothing from the request reaches the ORM
 * as-is). Unknown or malformed values fall back to the defaults instead of erroring: it's a filter form.
 */
export function parseListQuery(query: Record<string, unknown>): ListQueryValues {
  const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : '');
  const show = (SHOW_VALUES as readonly string[]).includes(text('show')) ? text('show') : 'upcoming';
  const page = /^\d{1,4}$/.test(text('page')) ? Math.max(1, Number(text('page'))) : 1;
  return {
    show,
    clientId: isUuid(text('clientId')) ? text('clientId') : '',
    from: isIsoDate(text('from')) ? text('from') : '',
    to: isIsoDate(text('to')) ? text('to') : '',
    page,
  };
}

export function toBookingFilter(values: ListQueryValues, timeZone: string, now = new Date()): BookingFilter {
  const filter: BookingFilter = { order: 'asc', limit: WEB_PAGE_SIZE, page: values.page };
  if (values.show === 'upcoming') {
    filter.from = now;
    filter.statuses = [...SLOT_HOLDING_STATUSES];
  } else if (values.show === 'past') {
    filter.to = now;
    filter.order = 'desc';
  } else if (values.show !== 'all') {
    filter.statuses = [values.show as BookingStatus];
  }
  if (values.from) filter.from = zonedTimeToUtc(values.from, '00:00', timeZone);
  if (values.to) filter.to = zonedTimeToUtc(addDays(values.to, 1), '00:00', timeZone);
  if (values.clientId) filter.clientId = values.clientId;
  return filter;
}

export function listQueryString(values: ListQueryValues, page: number): string {
  const params = new URLSearchParams();
  if (values.show !== 'upcoming') params.set('show', values.show);
  if (values.clientId) params.set('clientId', values.clientId);
  if (values.from) params.set('from', values.from);
  if (values.to) params.set('to', values.to);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export const SHOW_OPTIONS = [
  { value: 'upcoming', label: 'Upcoming' },
  { value: 'past', label: 'Past' },
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'completed', label: 'Completed' },
  { value: 'no_show', label: 'No-show' },
  { value: 'cancelled', label: 'Cancelled' },
];
