import { DEFAULT_LOCALE } from '../../common/actor.js';
import { formatCount, formatDay, formatMoney, formatTime, minorUnitsPerMajor } from '../../common/time/format.js';
import { dateFormat, numberFormat } from '../../common/time/intl-formats.js';
import { addDays, localDateOf, localTimeOf, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { toBookingRow } from '../bookings/bookings.views.js';
import { clientUrl } from '../clients/clients.views.js';
import { navFor } from '../pages/app-sections.js';
import { EXPIRY_WARNING_DAYS, RECENT_DAYS } from './dashboard.rules.js';
import type {
  AttentionItem,
  ChartPeriod,
  ClientActivity,
  ClientsRead,
  DashboardPage,
  DashboardStats,
  RevenueSeries,
  SetupState,
  UpcomingRead,
} from './dashboard.types.js';

/** Templates of the dashboard, named once. */
export const DASHBOARD_TEMPLATES = {
  page: 'pages/dashboard/index',
  sectionPage: 'pages/dashboard/section',
  body: 'partials/dashboard/body',
  welcome: 'partials/dashboard/welcome',
  setupCard: 'partials/dashboard/setup-card',
  stats: 'partials/dashboard/stats',
  upcoming: 'partials/dashboard/bookings-upcoming',
  clients: 'partials/dashboard/clients-recent',
  revenue: 'partials/dashboard/revenue-chart',
} as const;

/** How the views format for this trainer. */
export interface Viewer {
  timeZone: string;
  currency: string;
  locale?: string;
}

const NEW_BOOKING = { label: 'New booking', href: '/bookings/create-form', hxGet: '/bookings/create-form' };
const DAY_MS = 86_400_000;

function frame(title = 'Dashboard') {
  return { title, heading: 'Dashboard', nav: navFor('dashboard'), primaryAction: NEW_BOOKING };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "£1,240" for whole amounts, "£45.50" otherwise: stat cards read at a glance. */
export function moneyShort(minor: number, currency: string): string {
  const perMajor = minorUnitsPerMajor(currency);
  if (minor % perMajor !== 0) return formatMoney(minor, currency);
  return numberFormat({ style: 'currency', currency, maximumFractionDigits: 0 }).format(minor / perMajor);
}

/** A local date ("2026-12-03") as "Thu 3 Dec", read at noon so no zone offset can move it to another day. */
function dayLabel(date: string, timeZone: string): string {
  return formatDay(zonedTimeToUtc(date, '12:00', timeZone), timeZone);
}

/** "3 Dec" (short) or "3 December 2026" (long) for a calendar date; calendar dates carry no zone. */
function calendarDate(date: string, style: 'short' | 'long' | 'month' | 'monthYear' | 'shortYear'): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const options: Record<typeof style, Intl.DateTimeFormatOptions> = {
    short: { day: 'numeric', month: 'short' },
    shortYear: { day: 'numeric', month: 'short', year: 'numeric' },
    long: { day: 'numeric', month: 'long', year: 'numeric' },
    month: { month: 'short' },
    monthYear: { month: 'long', year: 'numeric' },
  };
  return dateFormat({ timeZone: 'UTC', ...options[style] }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** "today", "yesterday", "Tue 3 Dec": how long ago an instant was, in the trainer's local days. */
function relativeDay(instant: Date, now: Date, timeZone: string): string {
  const date = localDateOf(instant, timeZone);
  const today = localDateOf(now, timeZone);
  if (date === today) return 'today';
  if (date === addDays(today, -1)) return 'yesterday';
  if (date === addDays(today, 1)) return 'tomorrow';
  return formatDay(instant, timeZone);
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = [parts[0], parts.length > 1 ? parts.at(-1) : undefined]
    .map((part) => (part ? [...part][0] : ''))
    .join('');
  return letters.toLocaleUpperCase('en-GB') || '?';
}

function greetingFor(now: Date, timeZone: string): string {
  const hour = Number(localTimeOf(now, timeZone).slice(0, 2));
  if (hour < 5) return 'Working late';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

type Tone = 'good' | 'bad' | 'neutral';
interface Delta {
  text: string;
  label: string;
  direction: 'up' | 'down' | 'flat';
  tone: Tone;
  /** The whole change in words, for screen readers (the arrow is decorative). */
  spoken: string;
}

function delta(
  change: number,
  text: string,
  label: string,
  higherIsBetter: boolean,
  spokenUnit: string,
  spokenLabel = label,
): Delta {
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const tone: Tone = change === 0 ? 'neutral' : change > 0 === higherIsBetter ? 'good' : 'bad';
  const spoken =
    direction === 'flat'
      ? `No change ${spokenLabel}`
      : `${direction === 'up' ? 'Up' : 'Down'} ${spokenUnit} ${spokenLabel}`;
  return { text, label, direction, tone, spoken };
}

/** The six stat cards: each a link to where its figure is worked on. */
export function toStatsView(stats: DashboardStats, viewer: Viewer, now = new Date()) {
  const { today, week, activeClients, revenue, credits, noShows } = stats;
  const money = (minor: number) => moneyShort(minor, viewer.currency);

  const revenueChange = revenue.monthToDate - revenue.sameDaysLastMonth;
  const lastMonthDays =
    revenue.lastMonthFirstDay === revenue.lastMonthLastDay
      ? calendarDate(revenue.lastMonthLastDay, 'short')
      : `${Number(revenue.lastMonthFirstDay.slice(8, 10))}–${calendarDate(revenue.lastMonthLastDay, 'short')}`;
  let revenueDelta: Delta | null = null;
  if (revenue.sameDaysLastMonth > 0) {
    const percent = Math.round((revenueChange / revenue.sameDaysLastMonth) * 100);
    revenueDelta = delta(
      percent,
      `${percent > 0 ? '+' : ''}${percent}%`,
      '',
      true,
      `${Math.abs(percent)}%`,
      'on the same days last month',
    );
  }

  const activeChange = activeClients.last30 - activeClients.previous30;
  const rate = noShows.attended30 > 0 ? (noShows.last30 / noShows.attended30) * 100 : null;
  const previousRate = noShows.attendedPrevious30 > 0 ? (noShows.previous30 / noShows.attendedPrevious30) * 100 : null;
  const points = rate !== null && previousRate !== null ? Math.round((rate - previousRate) * 10) / 10 : null;

  const cards = [
    {
      key: 'today',
      label: 'Sessions today',
      icon: 'calendar-check',
      value: formatCount(today.booked),
      detail: today.booked === 0 ? 'Nothing booked today' : `${today.completed} completed · ${today.toGo} to go`,
      note: today.nextStart ? `Next at ${formatTime(today.nextStart, viewer.timeZone)}` : null,
      delta: null,
      href: '/bookings?view=week',
    },
    {
      key: 'week',
      label: 'This week',
      icon: 'calendar',
      value: formatCount(week.booked),
      detail: `${week.completed} completed so far`,
      note: `${dayLabel(week.firstDay, viewer.timeZone)} – ${dayLabel(week.lastDay, viewer.timeZone)}`,
      delta: null,
      href: '/bookings?view=week',
    },
    {
      key: 'revenue',
      label: 'Revenue this month',
      icon: 'wallet',
      value: money(revenue.monthToDate),
      detail:
        revenue.sameDaysLastMonth > 0
          ? `vs ${money(revenue.sameDaysLastMonth)} on ${lastMonthDays}`
          : `Nothing came in on ${lastMonthDays}`,
      note: null,
      delta: revenueDelta,
      href: '/analytics',
    },
    {
      key: 'clients',
      label: 'Active clients',
      icon: 'users',
      value: formatCount(activeClients.last30),
      detail: `Trained in the last ${RECENT_DAYS} days · ${plural(activeClients.total, 'client')} in all`,
      note: activeClients.newThisMonth > 0 ? `${activeClients.newThisMonth} new this month` : null,
      delta:
        activeClients.previous30 > 0 || activeClients.last30 > 0
          ? delta(
              activeChange,
              `${activeChange > 0 ? '+' : ''}${activeChange}`,
              'vs prior 30 days',
              true,
              plural(Math.abs(activeChange), 'client'),
            )
          : null,
      href: '/clients',
    },
    {
      key: 'credits',
      label: 'Credits outstanding',
      icon: 'ticket',
      value: formatCount(credits.outstanding),
      detail:
        credits.outstanding > 0
          ? `Worth ${money(credits.valueMinor)} · ${plural(credits.clients, 'client')}`
          : 'No unused package credits',
      note:
        credits.expiringSoon > 0
          ? `${plural(credits.expiringSoon, 'credit')} expire within ${EXPIRY_WARNING_DAYS} days`
          : null,
      warn: credits.expiringSoon > 0,
      delta: null,
      href: '/packages',
    },
    {
      key: 'no-shows',
      label: 'No-show rate',
      icon: 'alert',
      value: rate === null ? '—' : `${rate.toFixed(rate < 10 && rate > 0 ? 1 : 0)}%`,
      detail:
        noShows.attended30 > 0
          ? `${noShows.last30} of ${plural(noShows.attended30, 'session')} · last ${RECENT_DAYS} days`
          : `No sessions in the last ${RECENT_DAYS} days`,
      note: null,
      delta:
        points === null
          ? null
          : delta(
              points,
              `${points > 0 ? '+' : ''}${points} pts`,
              'vs prior 30 days',
              false,
              `${Math.abs(points)} points`,
            ),
      href: '/bookings?show=no_show',
    },
  ];
  return { cards, updated: formatTime(now, viewer.timeZone) };
}

/** The next seven days, grouped by day (today always shown, even when free), with each row's actions now. */
export function toUpcomingView(read: UpcomingRead, viewer: Viewer, now = new Date()) {
  const today = read.days[0] ?? localDateOf(now, viewer.timeZone);
  const groups = read.days
    .map((date) => {
      const rows = read.sessions
        .filter((session) => localDateOf(session.booking.startTime, viewer.timeZone) === date)
        .map((session) => toBookingRow(session.booking, viewer.timeZone, { now, waivable: session.waivable }));
      const name = date === today ? 'Today' : date === addDays(today, 1) ? 'Tomorrow' : null;
      return {
        date,
        label: name ?? dayLabel(date, viewer.timeZone),
        sublabel: name ? dayLabel(date, viewer.timeZone) : null,
        count: plural(rows.length, 'session'),
        rows,
        isToday: date === today,
        isEmpty: rows.length === 0,
      };
    })
    .filter((group) => group.isToday || !group.isEmpty);
  const total = read.sessions.length + read.more;
  return {
    groups,
    isEmpty: total === 0,
    summary: total === 0 ? 'Nothing booked in the next 7 days' : `${plural(total, 'session')} in the next 7 days`,
    more: read.more > 0 ? { text: `and ${plural(read.more, 'more session')}`, href: '/bookings' } : null,
    unresolved:
      read.unresolved > 0
        ? {
            text: `${plural(read.unresolved, 'past session')} still ${read.unresolved === 1 ? 'needs' : 'need'} an outcome`,
            href: '/bookings?show=past',
          }
        : null,
  };
}

const ATTENTION_TONES = { credits_expiring: 'amber', credits_running_out: 'sky', no_recent_visit: 'slate' } as const;

function toAttentionView(item: AttentionItem, viewer: Viewer, now: Date) {
  const { client } = item;
  const base = { id: client.id, name: client.name, initials: initials(client.name), href: clientUrl(client.id) };
  const book = {
    label: 'Book',
    ariaLabel: `Book a session with ${client.name}`,
    href: `/bookings/create-form?clientId=${client.id}`,
  };
  if (item.reason === 'credits_expiring') {
    return {
      ...base,
      tone: ATTENTION_TONES[item.reason],
      icon: 'clock',
      title: `${plural(item.credits, 'credit')} expire ${relativeDay(item.at, now, viewer.timeZone)}`,
      text: 'Book them in before they lapse',
      action: book,
    };
  }
  if (item.reason === 'credits_running_out') {
    const days = Math.max(0, Math.round((item.at.getTime() - now.getTime()) / DAY_MS));
    return {
      ...base,
      tone: ATTENTION_TONES[item.reason],
      icon: 'ticket',
      title: `${plural(item.credits, 'credit')} left`,
      text: `At their pace, they run out ${days <= 1 ? 'within a day or so' : `in about ${days} days`} (${formatDay(item.at, viewer.timeZone)})`,
      action: {
        label: 'Sell package',
        ariaLabel: `Sell ${client.name} a package`,
        href: `/packages/sell-form?clientId=${client.id}`,
      },
    };
  }
  const weeks = Math.floor((now.getTime() - item.at.getTime()) / (7 * DAY_MS));
  return {
    ...base,
    tone: ATTENTION_TONES[item.reason],
    icon: 'calendar',
    title: `No session for ${plural(weeks, 'week')}`,
    text: `Last trained ${formatDay(item.at, viewer.timeZone)} · nothing booked`,
    action: book,
  };
}

function toClientLine(client: ClientActivity, meta: string) {
  return { id: client.id, name: client.name, initials: initials(client.name), href: clientUrl(client.id), meta };
}

export function toClientsView(read: ClientsRead, viewer: Viewer, now = new Date()) {
  return {
    isEmpty: read.newest.length === 0 && read.recentlyActive.length === 0 && read.attention.length === 0,
    attention: read.attention.map((item) => toAttentionView(item, viewer, now)),
    moreAttention: read.moreAttention > 0 ? `and ${plural(read.moreAttention, 'more client')}` : null,
    allClear: read.attention.length === 0,
    recentlyActive: read.recentlyActive.map((client) =>
      toClientLine(
        client,
        [
          client.lastVisit ? `Trained ${relativeDay(client.lastVisit, now, viewer.timeZone)}` : '',
          client.nextSession ? `next ${relativeDay(client.nextSession, now, viewer.timeZone)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
    newest: read.newest.map((client) =>
      toClientLine(client, `Joined ${relativeDay(client.createdAt, now, viewer.timeZone)}`),
    ),
  };
}

/** The chart's own URL (its fragment and its page) and the dashboard's, keeping the period. */
export function revenueUrl(period: ChartPeriod, on: 'fragment' | 'dashboard'): string {
  const query = period === 'months' ? '?period=months' : '';
  return on === 'fragment' ? `/dashboard/revenue-chart${query}` : `/dashboard${query}`;
}

/**
 * The revenue chart: the figures for the table, and the same figures as JSON for the script that draws the
 * canvas (values in major units; labels and tooltips already formatted here, so both agree).
 */
export function toRevenueView(series: RevenueSeries, viewer: Viewer, on: 'fragment' | 'dashboard' = 'dashboard') {
  const weekly = series.period === 'weeks';
  const perMajor = minorUnitsPerMajor(viewer.currency);
  const total = series.buckets.reduce((sum, bucket) => sum + bucket.revenueMinor, 0);
  const sessions = series.buckets.reduce((sum, bucket) => sum + bucket.sessionsCompleted, 0);
  const best = series.buckets.reduce<(typeof series.buckets)[number] | null>(
    (top, bucket) => (bucket.revenueMinor > (top?.revenueMinor ?? 0) ? bucket : top),
    null,
  );
  const longLabel = (start: string, current: boolean) =>
    weekly
      ? `${current ? 'This week, ' : 'Week of '}${calendarDate(start, 'shortYear')}`
      : `${calendarDate(start, 'monthYear')}${current ? ' (so far)' : ''}`;
  const axisLabel = (start: string, index: number) =>
    weekly
      ? calendarDate(start, 'short')
      : index === 0 || start.endsWith('-01-01')
        ? `${calendarDate(start, 'month')} ${start.slice(2, 4)}`
        : calendarDate(start, 'month');
  const rows = series.buckets.map((bucket) => ({
    label: longLabel(bucket.start, bucket.current),
    revenue: formatMoney(bucket.revenueMinor, viewer.currency),
    sessions: formatCount(bucket.sessionsCompleted),
    current: bucket.current,
  }));
  const span = weekly ? 'the last 12 weeks' : 'the last 12 months';
  const toggle = (['weeks', 'months'] as const).map((period) => ({
    label: period === 'weeks' ? 'Weeks' : 'Months',
    href: revenueUrl(period, on),
    hxGet: revenueUrl(period, 'fragment'),
    active: period === series.period,
  }));
  return {
    period: series.period,
    refreshUrl: revenueUrl(series.period, 'fragment'),
    toggle,
    isEmpty: total === 0,
    total: moneyShort(total, viewer.currency),
    totalLabel: `over ${span}`,
    average: `${moneyShort(Math.round(total / series.buckets.length / perMajor) * perMajor, viewer.currency)} a ${weekly ? 'week' : 'month'} on average`,
    sessions: `${plural(sessions, 'session')} completed`,
    best: best
      ? `Best: ${longLabel(best.start, best.current)}, ${formatMoney(best.revenueMinor, viewer.currency)}`
      : null,
    caption: `Revenue by ${weekly ? 'week' : 'month'}, ${span}`,
    ariaLabel: `Bar chart of revenue by ${weekly ? 'week' : 'month'} over ${span}: ${moneyShort(total, viewer.currency)} in all. The table below lists each ${weekly ? 'week' : 'month'}.`,
    rows,
    chart: {
      labels: series.buckets.map((bucket, index) => axisLabel(bucket.start, index)),
      titles: series.buckets.map((bucket) => longLabel(bucket.start, bucket.current)),
      values: series.buckets.map((bucket) => bucket.revenueMinor / perMajor),
      display: rows.map((row) => row.revenue),
      current: series.buckets.findIndex((bucket) => bucket.current),
      currency: viewer.currency,
      locale: viewer.locale ?? DEFAULT_LOCALE,
    },
  };
}

/** The four first steps, each ticked once done, with the link that does it. */
export function toSetupView(setup: SetupState) {
  const steps = [
    {
      key: 'hours',
      title: 'Set your working hours',
      text: 'Clients and bookings fit around the hours you work.',
      done: setup.hasHours,
      actionLabel: 'Set hours',
      href: '/availability',
      hxGet: null,
    },
    {
      key: 'client',
      title: 'Add your first client',
      text: 'Name and email are enough; reminders go out by themselves.',
      done: setup.hasClients,
      actionLabel: 'Add client',
      href: '/clients/create-form',
      hxGet: '/clients/create-form',
    },
    {
      key: 'package',
      title: 'Create a package',
      text: 'Sell sessions in bundles, like “10 sessions, valid 90 days”.',
      done: setup.hasPackages,
      actionLabel: 'Create package',
      href: '/packages/create-form',
      hxGet: '/packages/create-form',
    },
    {
      key: 'booking',
      title: 'Book a session',
      text: 'Your first booking brings this dashboard to life.',
      done: setup.hasBookings,
      actionLabel: 'New booking',
      href: '/bookings/create-form',
      hxGet: '/bookings/create-form',
    },
  ];
  const done = steps.filter((step) => step.done).length;
  const next = steps.find((step) => !step.done);
  return {
    steps: steps.map((step, index) => ({ ...step, number: index + 1, next: step === next })),
    done,
    total: steps.length,
    progress: `${done} of ${steps.length} done`,
    percent: Math.round((done / steps.length) * 100),
    complete: done === steps.length,
  };
}

/**
 * The dashboard page. A brand-new trainer (no session yet) gets the welcome checklist instead of empty widgets;
 * otherwise the sections, rendered inline (`sections` given) or as skeletons htmx loads.
 */
export function toDashboardScreen(
  page: DashboardPage,
  viewer: Viewer & { userName?: string; period: ChartPeriod },
  now = new Date(),
) {
  const firstName = viewer.userName?.trim().split(/\s+/)[0];
  const setup = toSetupView(page.setup);
  const sections = page.sections;
  return {
    ...frame(),
    greeting: `${greetingFor(now, viewer.timeZone)}${firstName ? `, ${firstName}` : ''}`,
    todayLabel: dateFormat({
      timeZone: viewer.timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(now),
    welcome: !page.setup.hasBookings,
    setup,
    showSetupCard: page.setup.hasBookings && !setup.complete,
    period: viewer.period,
    revenueUrl: revenueUrl(viewer.period, 'fragment'),
    stats: sections ? toStatsView(sections.stats, viewer, now) : null,
    upcoming: sections ? toUpcomingView(sections.upcoming, viewer, now) : null,
    clients: sections ? toClientsView(sections.clients, viewer, now) : null,
    revenue: sections ? toRevenueView(sections.revenue, viewer, 'dashboard') : null,
  };
}

/** One section as a page of its own (its URL opened without htmx): the section inside the app shell. */
export function toSectionScreen(section: keyof typeof SECTION_TITLES, context: Record<string, unknown>) {
  return {
    ...frame(`${SECTION_TITLES[section]} · Dashboard`),
    section,
    sectionTitle: SECTION_TITLES[section],
    ...context,
  };
}

const SECTION_TITLES = {
  stats: 'At a glance',
  upcoming: 'Upcoming sessions',
  clients: 'Clients',
  revenue: 'Revenue',
  setup: 'Getting started',
} as const;

export type DashboardSection = keyof typeof SECTION_TITLES;
