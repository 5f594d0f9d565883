import { formatDateTime, formatDay, formatLongDate, formatMoney, formatTime } from '../../common/time/format.js';
import { localDateOf } from '../../common/time/zoned-time.js';
import { BookingStatus } from '../bookings/booking-status.js';
import { ClientStatus } from './client.entity.js';
import { DEFAULT_SORT, SORT_PARAMS, type ClientListQuery, type ClientOrigin } from './client.form.js';
import {
  CLIENT_LIMITS,
  type ClientDetail,
  type ClientHistory,
  type ClientListSort,
  type ClientNumberedPage,
  type ClientSession,
  type ClientStatusFilter,
  type ClientSummary,
} from './clients.types.js';

/** Pure view models: templates get strings and flags, never entities, and never format anything themselves. */

export const SESSION_STATUS_LABELS: Record<BookingStatus, string> = {
  [BookingStatus.Pending]: 'Pending',
  [BookingStatus.Confirmed]: 'Confirmed',
  [BookingStatus.Completed]: 'Completed',
  [BookingStatus.NoShow]: 'No-show',
  [BookingStatus.Cancelled]: 'Cancelled',
};

const FILTER_LABELS: Record<ClientStatusFilter, string> = { active: 'Active', archived: 'Archived', all: 'All' };

export interface ClientRowView {
  id: string;
  domId: string;
  name: string;
  initials: string;
  email: string | null;
  phone: string | null;
  archived: boolean;
  upcomingCount: number;
  upcomingLabel: string;
  nextSession: string | null;
  lastVisit: string | null;
  credits: number;
  creditsLabel: string;
  detailUrl: string;
  editFormUrl: string;
  archiveUrl: string;
  unarchiveUrl: string;
  deleteConfirmUrl: string;
  /** The list filter showing this row; posted with row actions so the row can leave a list it no longer fits. */
  view: ClientStatusFilter;
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : words.slice(0, 1);
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('') || '?';
}

/** "Tue 3 Dec" this year, "3 Dec 2025" otherwise: the year only when it adds something. */
function dayLabel(instant: Date, timeZone: string, now: Date): string {
  return localDateOf(instant, timeZone).slice(0, 4) === localDateOf(now, timeZone).slice(0, 4)
    ? formatDay(instant, timeZone)
    : formatLongDate(instant, timeZone);
}

export function clientUrl(id: string, suffix = ''): string {
  return `/clients/${id}${suffix ? `/${suffix}` : ''}`;
}

export function toClientRow(
  summary: ClientSummary,
  timeZone: string,
  view: ClientStatusFilter,
  now = new Date(),
): ClientRowView {
  const upcoming = summary.upcomingSessions;
  // Modals opened from a row carry the list's filter, so their answer knows whether the row still belongs.
  const viewQuery = view === 'active' ? '' : `?view=${view}`;
  return {
    id: summary.id,
    domId: `client-${summary.id}`,
    name: summary.name,
    initials: initialsOf(summary.name),
    email: summary.email,
    phone: summary.phone,
    archived: summary.status === ClientStatus.Archived,
    upcomingCount: upcoming,
    upcomingLabel: upcoming === 0 ? 'None booked' : `${upcoming} upcoming`,
    nextSession: summary.nextSessionAt ? `Next ${formatDateTime(summary.nextSessionAt, timeZone)}` : null,
    lastVisit: summary.lastVisitAt ? dayLabel(summary.lastVisitAt, timeZone, now) : null,
    credits: summary.credits,
    creditsLabel: summary.credits === 0 ? 'None' : `${summary.credits} credit${summary.credits === 1 ? '' : 's'}`,
    detailUrl: clientUrl(summary.id),
    editFormUrl: `${clientUrl(summary.id, 'edit-form')}${viewQuery}`,
    archiveUrl: clientUrl(summary.id, 'archive'),
    unarchiveUrl: clientUrl(summary.id, 'unarchive'),
    deleteConfirmUrl: `${clientUrl(summary.id, 'delete-confirm')}${viewQuery}`,
    view,
  };
}

/** "/clients?q=sam&status=archived&page=2", leaving out defaults so the plain URL stays plain. */
export function listUrl(base: string, query: Partial<ClientListQuery>): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.status && query.status !== 'active') params.set('status', query.status);
  if (query.sort && (query.sort.key !== DEFAULT_SORT.key || query.sort.dir !== DEFAULT_SORT.dir)) {
    params.set('sort', SORT_PARAMS[query.sort.key]);
    params.set('dir', query.sort.dir);
  }
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

export interface ClientListView {
  rows: ClientRowView[];
  query: ClientListQuery;
  /** The fragment URL for the current state, which the list re-fetches on "clientsChanged". */
  refreshUrl: string;
  /** The page URL for the current state (the address bar after an htmx search). */
  pageUrl: string;
  pagination: { prevUrl: string | null; nextUrl: string | null; label: string };
  summary: string;
  /** Sortable column headers: a link per column (works without JS) and aria-sort on the active one. */
  columns: Record<
    ClientListSort['key'],
    { href: string; ariaSort: 'ascending' | 'descending' | 'none'; active: boolean; label: string; hint: string }
  >;
  empty: {
    title: string;
    text: string;
    actionLabel?: string;
    actionHref?: string;
    actionHxGet?: string;
    icon: string;
  } | null;
  filters: Array<{ value: ClientStatusFilter; label: string; checked: boolean }>;
}

export function toClientListView(
  page: ClientNumberedPage,
  query: ClientListQuery,
  timeZone: string,
  now = new Date(),
): ClientListView {
  const current = { ...query, page: page.page };
  const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = (page.page - 1) * page.pageSize + page.items.length;
  const noun = query.status === 'all' ? 'client' : `${query.status} client`;
  const plural = page.total === 1 ? noun : `${noun}s`;
  return {
    rows: page.items.map((item) => toClientRow(item, timeZone, query.status, now)),
    query: current,
    refreshUrl: listUrl('/clients/partial', current),
    pageUrl: listUrl('/clients', current),
    pagination: {
      prevUrl: page.page > 1 ? listUrl('/clients', { ...current, page: page.page - 1 }) : null,
      nextUrl: page.page < page.pageCount ? listUrl('/clients', { ...current, page: page.page + 1 }) : null,
      label: `Page ${page.page} of ${page.pageCount}`,
    },
    summary:
      page.total === 0
        ? ''
        : page.pageCount > 1
          ? `Showing ${first === last ? first : `${first}–${last}`} of ${page.total} ${plural}`
          : `${page.total} ${plural}`,
    columns: {
      name: sortColumn(current, 'name', 'Client'),
      lastVisit: sortColumn(current, 'lastVisit', 'Last visit'),
      credits: sortColumn(current, 'credits', 'Credits'),
    },
    empty: page.total === 0 ? emptyState(query) : null,
    filters: (['active', 'archived', 'all'] as const).map((value) => ({
      value,
      label: FILTER_LABELS[value],
      checked: value === query.status,
    })),
  };
}

/** First click sorts the column its natural way (names A–Z, most recent visit and most credits first); the next flips it. */
function sortColumn(query: ClientListQuery, key: ClientListSort['key'], label: string) {
  const active = query.sort.key === key;
  const natural = key === 'name' ? 'asc' : 'desc';
  const dir = active ? (query.sort.dir === 'asc' ? 'desc' : 'asc') : natural;
  const ariaSort: 'ascending' | 'descending' | 'none' = active
    ? query.sort.dir === 'asc'
      ? 'ascending'
      : 'descending'
    : 'none';
  return {
    href: listUrl('/clients', { ...query, page: 1, sort: { key, dir } }),
    ariaSort,
    active,
    label,
    hint: `Sort by ${label.toLowerCase()}, ${dir === 'asc' ? 'ascending' : 'descending'}`,
  };
}

function emptyState(query: ClientListQuery): NonNullable<ClientListView['empty']> {
  if (query.q) {
    const where = query.status === 'all' ? '' : ` among your ${query.status} clients`;
    return {
      icon: 'users',
      title: `No clients match “${query.q}”${where}`,
      text: 'Check the spelling, or search by part of a name, email or phone number.',
    };
  }
  if (query.status === 'archived') {
    return {
      icon: 'users',
      title: 'No archived clients',
      text: 'Clients you archive land here. Their history stays, and you can bring them back any time.',
    };
  }
  return {
    icon: 'users',
    title: 'No clients yet',
    text: 'Add your first client to start booking sessions and tracking their progress.',
    actionLabel: 'Add your first client',
    actionHref: '/clients/create-form',
    actionHxGet: '/clients/create-form',
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ClientSessionView {
  id: string;
  /** For the little calendar tile: "Dec" and "3". */
  month: string;
  dayOfMonth: string;
  day: string;
  time: string;
  status: BookingStatus;
  statusLabel: string;
  price: string | null;
  notes: string | null;
}

function toSessionView(session: ClientSession, timeZone: string, now: Date): ClientSessionView {
  const localDate = localDateOf(session.startTime, timeZone);
  return {
    id: session.id,
    month: MONTHS[Number(localDate.slice(5, 7)) - 1] ?? '',
    dayOfMonth: String(Number(localDate.slice(8, 10))),
    day: dayLabel(session.startTime, timeZone, now),
    time: `${formatTime(session.startTime, timeZone)}–${formatTime(session.endTime, timeZone)}`,
    status: session.status,
    statusLabel: SESSION_STATUS_LABELS[session.status],
    price: session.paidByPackage
      ? 'Package credit'
      : session.priceMinor !== null
        ? formatMoney(session.priceMinor, session.currency)
        : null,
    notes: session.notes,
  };
}

export interface ClientDetailView {
  client: ClientRowView & { notes: string | null; since: string; emailStatus: EmailStatusView | null };
  stats: Array<{ label: string; value: string; hint?: string }>;
  upcoming: ClientSessionView[];
  recent: ClientSessionView[];
  /** True when older sessions exist beyond the ones shown. */
  recentIsPartial: boolean;
  hasHistory: boolean;
}

/** Where the email notice shows: the client page, or the client's edit form (each needs its own DOM id). */
export type EmailStatusPlace = 'detail' | 'form';

/** Why a client gets no reminders or notices, and (after an unsubscribe) the form that turns emails back on. */
export interface EmailStatusView {
  domId: string;
  place: EmailStatusPlace;
  /** The fact, in bold: "Opted out of emails on 3 Dec 2026." */
  headline: string | null;
  message: string;
  /** The client used an unsubscribe link: the trainer may turn emails back on, when the client asks. */
  optedOut: boolean;
  optInUrl: string;
  optInHint: string;
  /** On the client page: where the notice re-reads itself from after a change made in the edit dialog. */
  refreshUrl: string | null;
}

/** Null when emails reach the client; else what stops them (no address, or an unsubscribe, with its date). */
export function emailStatusOf(
  client: { id: string; name: string; email?: string | null; emailOptOutAt?: Date | null },
  timeZone: string,
  place: EmailStatusPlace,
): EmailStatusView | null {
  if (client.email && !client.emailOptOutAt) return null;
  const optedOut = client.emailOptOutAt ?? null;
  return {
    domId: place === 'detail' ? 'client-email-notice' : 'client-form-email-notice',
    place,
    headline: optedOut ? `Opted out of emails on ${formatLongDate(optedOut, timeZone)}.` : null,
    message: optedOut
      ? `This client gets no reminders or notices.${client.email ? '' : ' There’s no email address on file either.'}`
      : 'No email address: this client gets no reminders or notices.',
    optedOut: optedOut !== null,
    optInUrl: clientUrl(client.id, 'email-opt-in'),
    optInHint: `Only do this if ${client.name} asks you to: they unsubscribed themselves.`,
    refreshUrl: place === 'detail' ? clientUrl(client.id) : null,
  };
}

export function toClientDetailView(detail: ClientDetail, timeZone: string, now = new Date()): ClientDetailView {
  const { client } = detail;
  const row = toClientRow(client, timeZone, 'all', now);
  return {
    client: {
      ...row,
      notes: client.notes,
      since: formatLongDate(client.createdAt, timeZone),
      emailStatus: emailStatusOf(client, timeZone, 'detail'),
    },
    stats: [
      { label: 'Upcoming', value: String(client.upcomingSessions), hint: row.nextSession ?? 'Nothing booked' },
      { label: 'Completed', value: String(detail.completedSessions), hint: 'sessions' },
      {
        label: 'Last visit',
        value: row.lastVisit ?? '—',
        hint: row.lastVisit ? 'last completed session' : 'no completed sessions yet',
      },
      { label: 'No-shows', value: String(detail.noShows), hint: `${detail.cancellations} cancelled` },
    ],
    upcoming: detail.upcoming.map((session) => toSessionView(session, timeZone, now)),
    recent: detail.recent.map((session) => toSessionView(session, timeZone, now)),
    recentIsPartial: detail.recent.length >= CLIENT_LIMITS.recentSessions,
    hasHistory: detail.hasHistory,
  };
}

export interface DeleteConfirmView {
  client: { id: string; name: string };
  hasHistory: boolean;
  historyText: string;
  origin: ClientOrigin;
  view: ClientStatusFilter;
  archived: boolean;
  deleteUrl: string;
  archiveUrl: string;
  cancelUrl: string;
}

export function toDeleteConfirmView(
  client: { id: string; name: string; status: ClientStatus },
  history: ClientHistory,
  origin: ClientOrigin,
  view: ClientStatusFilter,
): DeleteConfirmView {
  const parts = [
    history.bookings > 0 ? `${history.bookings} session${history.bookings === 1 ? '' : 's'}` : null,
    history.purchases > 0 ? `${history.purchases} package purchase${history.purchases === 1 ? '' : 's'}` : null,
    history.payments > 0 ? `${history.payments} payment${history.payments === 1 ? '' : 's'}` : null,
  ].filter((part): part is string => part !== null);
  return {
    client: { id: client.id, name: client.name },
    hasHistory: parts.length > 0,
    historyText: parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? ''),
    origin,
    view,
    archived: client.status === ClientStatus.Archived,
    deleteUrl: clientUrl(client.id, 'delete'),
    archiveUrl: clientUrl(client.id, 'archive'),
    cancelUrl: origin === 'detail' ? clientUrl(client.id) : listUrl('/clients', { status: view }),
  };
}
