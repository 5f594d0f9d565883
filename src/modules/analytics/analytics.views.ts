import { formatMoney } from '../../common/time/format.js';
import { dateFormat } from '../../common/time/intl-formats.js';
import { navFor } from '../pages/app-sections.js';
import { RangePreset } from './analytics-range.rules.js';
import { analyticsQueryString, type AnalyticsQuery } from './analytics.form.js';
import {
  Granularity,
  ReportTable,
  type Activity,
  type AnalyticsOverview,
  type AnalyticsSummary,
  type Bucket,
  type ReportRange,
  type Retention,
  type RevenueSeries,
  type SessionsSeries,
  type TopClient,
} from './analytics-reports.types.js';

/** Pure view models for /analytics: templates get strings, flags and bar widths, and format nothing themselves. */

export const ANALYTICS_TEMPLATES = {
  page: 'pages/analytics/index',
  report: 'partials/analytics/report',
} as const;

const PRESET_LABELS: Record<RangePreset, string> = {
  [RangePreset.ThisMonth]: 'This month',
  [RangePreset.LastMonth]: 'Last month',
  [RangePreset.Last90Days]: 'Last 90 days',
  [RangePreset.YearToDate]: 'Year to date',
};

const GRANULARITY_LABELS: Record<Granularity, string> = {
  [Granularity.Day]: 'Day',
  [Granularity.Week]: 'Week',
  [Granularity.Month]: 'Month',
};

const BUCKET_NOUNS: Record<Granularity, string> = {
  [Granularity.Day]: 'Day',
  [Granularity.Week]: 'Week',
  [Granularity.Month]: 'Month',
};

/** Longer tables scroll inside their card (a year by day is 365 rows), with the header kept in view. */
const TALL_TABLE_ROWS = 16;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Heatmap shades, from no sessions to the busiest hour; the text on each keeps AA contrast. */
const HEAT_LEVELS = [
  'bg-slate-50 text-slate-500',
  'bg-brand-100 text-brand-900',
  'bg-brand-200 text-brand-950',
  'bg-brand-400 text-brand-950',
  'bg-brand-700 text-white',
] as const;

/** A local date ("YYYY-MM-DD") formatted as written, whatever the server's zone: read as noon UTC, shown in UTC. */
function formatDate(date: string, options: Intl.DateTimeFormatOptions): string {
  return dateFormat({ timeZone: 'UTC', ...options })
    .format(new Date(`${date}T12:00:00Z`))
    .replace(',', '');
}

/** "1 Mar – 31 Mar 2026", "1 Dec 2025 – 28 Feb 2026", "3 Mar 2026". */
export function rangeLabel(from: string, to: string): string {
  if (from === to) return formatDate(from, { day: 'numeric', month: 'short', year: 'numeric' });
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  const start = formatDate(from, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
  return `${start} – ${formatDate(to, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

/** A bucket as a row heading: "Mon 2 Mar", "2–8 Mar", "Mar 2026" (with the year when the range spans years). */
export function bucketLabel(bucket: Bucket, granularity: Granularity, range: ReportRange): string {
  const withYear = range.from.slice(0, 4) !== range.to.slice(0, 4);
  const year: Intl.DateTimeFormatOptions = withYear ? { year: 'numeric' } : {};
  if (granularity === Granularity.Month) return formatDate(bucket.start, { month: 'short', year: 'numeric' });
  if (granularity === Granularity.Day)
    return formatDate(bucket.start, { weekday: 'short', day: 'numeric', month: 'short', ...year });
  if (bucket.start === bucket.end) return formatDate(bucket.start, { day: 'numeric', month: 'short', ...year });
  const sameMonth = bucket.start.slice(0, 7) === bucket.end.slice(0, 7);
  const end = formatDate(bucket.end, { day: 'numeric', month: 'short', ...year });
  return sameMonth
    ? `${formatDate(bucket.start, { day: 'numeric' })}–${end}`
    : `${formatDate(bucket.start, { day: 'numeric', month: 'short' })} – ${end}`;
}

const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en-GB');

function percentLabel(value: number | null): string {
  return value === null ? '–' : percent.format(value);
}

/** "+15.3%" and "−4%", with a tone for the colour and words for screen readers. */
function changeView(current: number, previous: number, changeValue: number | null) {
  if (changeValue === null) {
    if (current === previous) return { label: '–', tone: 'flat', words: 'no change' };
    return { label: 'New', tone: current > previous ? 'up' : 'down', words: 'nothing in the previous period' };
  }
  const size = percent.format(Math.abs(changeValue));
  if (changeValue > 0) return { label: `+${size}`, tone: 'up', words: `up ${size}` };
  if (changeValue < 0) return { label: `−${size}`, tone: 'down', words: `down ${size}` };
  return { label: '0%', tone: 'flat', words: 'no change' };
}

/** A bar's width as a CSS percentage of the largest value (negative values draw nothing). */
function widthOf(value: number, max: number): string {
  if (max <= 0 || value <= 0) return '0%';
  return `${Math.max(1.5, Math.round((value / max) * 1000) / 10)}%`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

interface ExportLink {
  href: string;
  label: string;
}

function exportLink(table: ReportTable, range: ReportRange, label: string): ExportLink {
  const params = new URLSearchParams({ from: range.from, to: range.to, granularity: range.granularity });
  return { href: `/analytics/export/${table}.csv?${params.toString()}`, label };
}

function toTiles(summary: AnalyticsSummary) {
  const { current, previous, currency } = summary;
  const revenueChange = changeView(current.revenueMinor, previous.revenueMinor, summary.revenueChange);
  const went = current.sessionsCompleted + current.noShows;
  return [
    {
      id: 'revenue',
      label: 'Revenue',
      value: formatMoney(current.revenueMinor, currency),
      change: revenueChange,
      detail: `vs ${formatMoney(previous.revenueMinor, currency)} in the previous period`,
    },
    {
      id: 'sessions',
      label: 'Sessions completed',
      value: count.format(current.sessionsCompleted),
      detail: `of ${plural(summary.sessionsBooked, 'session')} booked`,
    },
    {
      id: 'no-shows',
      label: 'No-show rate',
      value: percentLabel(summary.rates.noShowRate),
      detail: went > 0 ? `${plural(current.noShows, 'no-show')} in ${plural(went, 'session')}` : 'No sessions yet',
    },
    {
      id: 'clients',
      label: 'Active clients',
      value: count.format(summary.activeClients),
      detail: `${plural(current.newClients, 'client')} added`,
    },
    {
      id: 'credits',
      label: 'Credits outstanding',
      value: count.format(summary.creditsOutstanding),
      detail: `worth ${formatMoney(summary.creditsOutstandingValueMinor, currency)} today`,
    },
  ];
}

function toRevenueView(revenue: RevenueSeries) {
  const { range, currency } = revenue;
  const max = Math.max(0, ...revenue.points.flatMap((point) => [point.revenueMinor, point.previousRevenueMinor]));
  return {
    bucketNoun: BUCKET_NOUNS[range.granularity],
    total: formatMoney(revenue.totalMinor, currency),
    previousTotal: formatMoney(revenue.previousTotalMinor, currency),
    change: changeView(revenue.totalMinor, revenue.previousTotalMinor, revenue.change),
    previousLabel: rangeLabel(range.previousFrom, range.previousTo),
    empty: revenue.totalMinor === 0 && revenue.previousTotalMinor === 0,
    tall: revenue.points.length > TALL_TABLE_ROWS,
    rows: revenue.points.map((point) => ({
      label: bucketLabel(point, range.granularity, range),
      previousLabel: bucketLabel({ start: point.previousStart, end: point.previousEnd }, range.granularity, {
        ...range,
        from: range.previousFrom,
        to: range.previousTo,
      }),
      amount: formatMoney(point.revenueMinor, currency),
      previous: formatMoney(point.previousRevenueMinor, currency),
      change: changeView(point.revenueMinor, point.previousRevenueMinor, point.change),
      width: widthOf(point.revenueMinor, max),
      previousWidth: widthOf(point.previousRevenueMinor, max),
    })),
    exportLink: exportLink(ReportTable.Revenue, range, 'Revenue'),
  };
}

function toSessionsView(sessions: SessionsSeries) {
  const { range, totals } = sessions;
  const max = Math.max(0, ...sessions.points.map((p) => p.completed + p.cancelled + p.noShows));
  return {
    bucketNoun: BUCKET_NOUNS[range.granularity],
    empty: totals.completed + totals.cancelled + totals.noShows === 0,
    tall: sessions.points.length > TALL_TABLE_ROWS,
    totals: {
      completed: count.format(totals.completed),
      cancelled: count.format(totals.cancelled),
      lateCancelled: count.format(totals.lateCancelled),
      noShows: count.format(totals.noShows),
      completionRate: percentLabel(totals.completionRate),
      cancellationRate: percentLabel(totals.cancellationRate),
      noShowRate: percentLabel(totals.noShowRate),
    },
    rows: sessions.points.map((point) => ({
      label: bucketLabel(point, range.granularity, range),
      completed: count.format(point.completed),
      cancelled: count.format(point.cancelled),
      lateCancelled: count.format(point.lateCancelled),
      noShows: count.format(point.noShows),
      completionRate: percentLabel(point.completionRate),
      noShowRate: percentLabel(point.noShowRate),
      quiet: point.completed + point.cancelled + point.noShows === 0,
      bars: {
        completed: widthOf(point.completed, max),
        onTime: widthOf(point.cancelled - point.lateCancelled, max),
        late: widthOf(point.lateCancelled, max),
        noShows: widthOf(point.noShows, max),
      },
    })),
    exportLink: exportLink(ReportTable.Sessions, range, 'Sessions'),
  };
}

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function toHeatmapView(activity: Activity) {
  const counts = new Map(activity.heatmap.map((cell) => [`${cell.weekday}-${cell.hour}`, cell.sessions]));
  const busy = activity.heatmap.filter((cell) => cell.sessions > 0);
  const max = Math.max(0, ...busy.map((cell) => cell.sessions));
  // Working hours at least, widened to whatever hour had a session, so the grid stays compact.
  const first = Math.min(7, ...busy.map((cell) => cell.hour));
  const last = Math.max(20, ...busy.map((cell) => cell.hour));
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const cell = (weekday: number, hour: number) => {
    const sessions = counts.get(`${weekday}-${hour}`) ?? 0;
    const level = sessions === 0 ? 0 : Math.max(1, Math.ceil((sessions / max) * 4));
    return {
      sessions,
      text: sessions === 0 ? '' : count.format(sessions),
      classes: HEAT_LEVELS[level],
      title: `${WEEKDAY_NAMES[weekday - 1]} ${hourLabel(hour)}: ${plural(sessions, 'session')}`,
    };
  };
  const peak = [...busy].sort((a, b) => b.sessions - a.sessions || a.weekday - b.weekday || a.hour - b.hour)[0];
  return {
    empty: busy.length === 0,
    peak: peak
      ? `Busiest: ${WEEKDAY_NAMES[peak.weekday - 1]}s at ${hourLabel(peak.hour)} (${plural(peak.sessions, 'session')})`
      : null,
    hours: hours.map((hour) => ({ label: String(hour).padStart(2, '0'), full: hourLabel(hour) })),
    weekdays: WEEKDAYS.map((short, i) => ({ short, name: WEEKDAY_NAMES[i] })),
    // Desktop: a row per weekday. Phones: the same grid turned, a row per hour, so seven columns fit at 390 px.
    byWeekday: WEEKDAYS.map((short, i) => ({
      short,
      name: WEEKDAY_NAMES[i],
      cells: hours.map((hour) => cell(i + 1, hour)),
    })),
    byHour: hours.map((hour) => ({
      label: hourLabel(hour),
      cells: WEEKDAYS.map((_, i) => cell(i + 1, hour)),
    })),
    legend: HEAT_LEVELS.slice(1).map((classes) => ({ classes })),
    exportLink: exportLink(ReportTable.BusiestHours, activity.range, 'Busiest hours'),
  };
}

function toTopClientsView(clients: TopClient[], by: 'sessions' | 'revenue', currency: string) {
  const max = Math.max(0, ...clients.map((c) => (by === 'sessions' ? c.sessions : c.revenueMinor)));
  return clients.map((client, i) => ({
    rank: i + 1,
    name: client.name,
    href: `/clients/${client.clientId}`,
    value: by === 'sessions' ? plural(client.sessions, 'session') : formatMoney(client.revenueMinor, currency),
    width: widthOf(by === 'sessions' ? client.sessions : client.revenueMinor, max),
  }));
}

function toActivityView(activity: Activity) {
  const { range, currency } = activity;
  const maxCredits = Math.max(0, ...activity.liability.map((point) => point.credits));
  const last = activity.liability.at(-1);
  return {
    heatmap: toHeatmapView(activity),
    topBySessions: toTopClientsView(activity.topBySessions, 'sessions', currency),
    topByRevenue: toTopClientsView(activity.topByRevenue, 'revenue', currency),
    topExports: {
      sessions: exportLink(ReportTable.TopClientsBySessions, range, 'Top clients by sessions'),
      revenue: exportLink(ReportTable.TopClientsByRevenue, range, 'Top clients by revenue'),
    },
    packageSales: activity.packageSales.map((sale) => ({
      name: sale.name,
      sold: count.format(sale.sold),
      credits: count.format(sale.creditsGranted),
      value: formatMoney(sale.valueMinor, sale.currency),
    })),
    packageSalesTotal: plural(
      activity.packageSales.reduce((sum, sale) => sum + sale.sold, 0),
      'package',
    ),
    packageExport: exportLink(ReportTable.PackageSales, range, 'Package sales'),
    liability: {
      bucketNoun: BUCKET_NOUNS[range.granularity],
      empty: activity.liability.every((point) => point.credits === 0),
      tall: activity.liability.length > TALL_TABLE_ROWS,
      latest: last ? `${plural(last.credits, 'credit')} worth ${formatMoney(last.valueMinor, currency)}` : '',
      rows: activity.liability.map((point) => ({
        label: bucketLabel(point, range.granularity, range),
        credits: count.format(point.credits),
        value: formatMoney(point.valueMinor, currency),
        width: widthOf(point.credits, maxCredits),
      })),
      exportLink: exportLink(ReportTable.CreditLiability, range, 'Credit liability'),
    },
  };
}

function toRetentionView(retention: Retention) {
  const max = Math.max(0, ...retention.months.map((month) => month.activeClients));
  const { totals } = retention;
  return {
    lostAfterDays: retention.lostAfterDays,
    empty: totals.activeClients === 0 && totals.lostClients === 0,
    totals: {
      active: count.format(totals.activeClients),
      new: count.format(totals.newClients),
      returning: count.format(totals.returningClients),
      lost: count.format(totals.lostClients),
    },
    rows: retention.months.map((month) => ({
      label: formatDate(month.start, { month: 'long', year: 'numeric' }),
      partial: month.start.slice(8) !== '01' || month.end !== lastDayOfMonth(month.start),
      days: rangeLabel(month.start, month.end),
      active: count.format(month.activeClients),
      new: count.format(month.newClients),
      returning: count.format(month.returningClients),
      lost: count.format(month.lostClients),
      hasLost: month.lostClients > 0,
      newWidth: widthOf(month.newClients, max),
      returningWidth: widthOf(month.returningClients, max),
    })),
    exportLink: exportLink(ReportTable.Retention, retention.range, 'Retention'),
  };
}

function lastDayOfMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The range picker: preset and granularity links that keep the rest of the view, and the custom dates form. */
function toPicker(query: AnalyticsQuery, range: ReportRange | null, errors: Record<string, string[]>) {
  const granularity = range?.granularity ?? query.values.granularity;
  const firstInvalid = ['from', 'to'].find((field) => errors[field]);
  return {
    presets: (Object.keys(PRESET_LABELS) as RangePreset[]).map((preset) => ({
      id: `analytics-preset-${preset}`,
      label: PRESET_LABELS[preset],
      href: `/analytics${analyticsQueryString(query, { preset })}`,
      current: query.picked === preset,
    })),
    custom: query.picked === 'custom',
    granularities: (Object.keys(GRANULARITY_LABELS) as Granularity[]).map((value) => ({
      id: `analytics-granularity-${value}`,
      label: GRANULARITY_LABELS[value],
      href: `/analytics${analyticsQueryString(query, { granularity: value })}`,
      current: granularity === value,
    })),
    values: { ...query.values, granularity: range?.granularity ?? query.values.granularity },
    errors,
    autofocus: firstInvalid ?? null,
    summary: range
      ? {
          range: rangeLabel(range.from, range.to),
          previous: rangeLabel(range.previousFrom, range.previousTo),
          days: plural(range.days, 'day'),
        }
      : null,
  };
}

/** The whole page (or the #analytics fragment) for a range that checked out. */
export function toAnalyticsScreen(query: AnalyticsQuery, overview: AnalyticsOverview) {
  const { summary, activity, retention } = overview;
  const range = summary.range;
  // Nothing at all happened (a new account, or a range before it): one friendly message instead of eight empty cards.
  const quiet =
    summary.sessionsBooked === 0 &&
    Object.values(summary.current).every((value) => value === 0) &&
    summary.previous.revenueMinor === 0 &&
    retention.totals.lostClients === 0 &&
    activity.liability.every((point) => point.credits === 0);
  return {
    title: 'Analytics',
    nav: navFor('analytics'),
    picker: toPicker(query, range, {}),
    report: {
      quiet,
      tiles: toTiles(overview.summary),
      revenue: toRevenueView(overview.revenue),
      sessions: toSessionsView(overview.sessions),
      activity: toActivityView(overview.activity),
      retention: toRetentionView(overview.retention),
    },
  };
}

/** The page for a range that did not: the picker with its field messages, and no figures. */
export function toAnalyticsErrorScreen(query: AnalyticsQuery, errors: Record<string, string[]>) {
  return { title: 'Analytics', nav: navFor('analytics'), picker: toPicker(query, null, errors), report: null };
}
