import { addDays, isoWeekday, localDateOf, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { creditRunway, RUNWAY_WINDOW_DAYS } from '../packages/runway.rules.js';
import type { AttentionItem, ChartPeriod, ClientActivity } from './dashboard.types.js';

const DAY_MS = 86_400_000;

/** Sessions listed by the upcoming widget: today and the six days after it. */
export const UPCOMING_DAYS = 7;
/** The upcoming widget lists at most this many sessions and counts the rest. */
export const UPCOMING_LIMIT = 30;
/** How far back a session still waiting for its outcome is worth a nudge. */
export const UNRESOLVED_LOOKBACK_DAYS = 30;
/** The "last 30 days" of active clients and the no-show rate: 30 local days, today included. */
export const RECENT_DAYS = 30;
/** Credits expiring within this many days are flagged. */
export const EXPIRY_WARNING_DAYS = 14;
/** Credits the forecast sees running out within this many days are flagged. */
export const RUN_OUT_WARNING_DAYS = 21;
/** How far back the clients widget reads sessions: a client quiet for longer than this is lost, not lapsing. */
export const ACTIVITY_WINDOW_DAYS = 90;
export const NEWEST_CLIENTS = 4;
export const RECENT_CLIENTS = 5;
export const ATTENTION_LIMIT = 5;
/** Buckets in the revenue chart, the current one included. */
export const CHART_BUCKETS = 12;

/** The start of a local date in the trainer's zone (a DST day is still one day: 23 or 25 hours). */
export function startOfDay(date: string, timeZone: string): Date {
  return zonedTimeToUtc(date, '00:00', timeZone);
}

/** The Monday of the ISO week containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The first day of the month `months` after the one containing `date` (negative: before). */
export function addMonths(date: string, months: number): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

function daysInMonth(firstDay: string): number {
  return Number(addDays(addMonths(firstDay, 1), -1).slice(8, 10));
}

/**
 * The same days of last month as this month so far: the 1st up to today's day of the month, cut at the end of
 * a shorter month (on 31 March, all of February).
 */
export function sameDaysLastMonth(today: string): { firstDay: string; lastDay: string } {
  const firstDay = addMonths(today, -1);
  const day = Math.min(Number(today.slice(8, 10)), daysInMonth(firstDay));
  return { firstDay, lastDay: `${firstDay.slice(0, 8)}${String(day).padStart(2, '0')}` };
}

/** Every boundary the stat cards need, as local dates and as the instants those local days start. */
export interface StatsWindows {
  now: Date;
  today: string;
  todayStart: Date;
  tomorrowStart: Date;
  weekFirstDay: string;
  weekLastDay: string;
  weekStart: Date;
  weekEnd: Date;
  monthFirstDay: string;
  monthStart: Date;
  lastMonth: { firstDay: string; lastDay: string };
  /** Start of the 30 local days ending today, and of the 30 before them. */
  recentStart: Date;
  previousStart: Date;
  expiryHorizon: Date;
}

export function statsWindows(now: Date, timeZone: string): StatsWindows {
  const today = localDateOf(now, timeZone);
  const weekFirstDay = mondayOf(today);
  const monthFirstDay = firstOfMonth(today);
  return {
    now,
    today,
    todayStart: startOfDay(today, timeZone),
    tomorrowStart: startOfDay(addDays(today, 1), timeZone),
    weekFirstDay,
    weekLastDay: addDays(weekFirstDay, 6),
    weekStart: startOfDay(weekFirstDay, timeZone),
    weekEnd: startOfDay(addDays(weekFirstDay, 7), timeZone),
    monthFirstDay,
    monthStart: startOfDay(monthFirstDay, timeZone),
    lastMonth: sameDaysLastMonth(today),
    recentStart: startOfDay(addDays(today, 1 - RECENT_DAYS), timeZone),
    previousStart: startOfDay(addDays(today, 1 - 2 * RECENT_DAYS), timeZone),
    expiryHorizon: new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS),
  };
}

/** The upcoming widget's local days and the instants that bound them. */
export function upcomingWindow(now: Date, timeZone: string): { days: string[]; from: Date; to: Date; since: Date } {
  const today = localDateOf(now, timeZone);
  return {
    days: Array.from({ length: UPCOMING_DAYS }, (_, i) => addDays(today, i)),
    from: startOfDay(today, timeZone),
    to: startOfDay(addDays(today, UPCOMING_DAYS), timeZone),
    since: startOfDay(addDays(today, -UNRESOLVED_LOOKBACK_DAYS), timeZone),
  };
}

/** The chart's buckets (their first local days, oldest first) for the period ending with the one holding today. */
export function chartBuckets(period: ChartPeriod, today: string): { unit: 'week' | 'month'; starts: string[] } {
  if (period === 'weeks') {
    const monday = mondayOf(today);
    return {
      unit: 'week',
      starts: Array.from({ length: CHART_BUCKETS }, (_, i) => addDays(monday, (i - CHART_BUCKETS + 1) * 7)),
    };
  }
  return {
    unit: 'month',
    starts: Array.from({ length: CHART_BUCKETS }, (_, i) => addMonths(today, i - CHART_BUCKETS + 1)),
  };
}

/** The instants the clients widget reads from: its activity window and the credit forecast's pace window. */
export function activityWindows(now: Date): { since: Date; paceSince: Date } {
  return {
    since: new Date(now.getTime() - ACTIVITY_WINDOW_DAYS * DAY_MS),
    paceSince: new Date(now.getTime() - RUNWAY_WINDOW_DAYS * DAY_MS),
  };
}

const REASON_ORDER = { credits_expiring: 0, credits_running_out: 1, no_recent_visit: 2 } as const;

/**
 * The one thing (if any) a client needs from the trainer, most pressing first: credits that lapse within two
 * weeks (money the client loses), then credits that the forecast sees running out within three weeks (time to
 * sell the next package), then no session in 30 days and nothing booked (a client drifting away).
 */
export function attentionFor(client: ClientActivity, now: Date): AttentionItem | null {
  const usable = client.packages.filter(
    (p) => p.remaining > 0 && (p.expiresAt === null || p.expiresAt.getTime() > now.getTime()),
  );
  const horizon = now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS;
  const expiring = usable
    .filter((p) => p.expiresAt !== null && p.expiresAt.getTime() <= horizon)
    .sort((a, b) => (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0));
  const first = expiring[0];
  if (first?.expiresAt) {
    const credits = expiring
      .filter((p) => p.expiresAt?.getTime() === first.expiresAt?.getTime())
      .reduce((sum, p) => sum + p.remaining, 0);
    return { client, reason: 'credits_expiring', at: first.expiresAt, credits };
  }
  const from =
    client.lastBookedOnCredit && client.lastBookedOnCredit.getTime() > now.getTime() ? client.lastBookedOnCredit : now;
  const runway = creditRunway(usable, client.recentSessions, from);
  if (runway.kind === 'runs_out' && runway.runsOutOn.getTime() <= now.getTime() + RUN_OUT_WARNING_DAYS * DAY_MS) {
    return { client, reason: 'credits_running_out', at: runway.runsOutOn, credits: runway.credits };
  }
  if (
    client.lastVisit &&
    client.lastVisit.getTime() < now.getTime() - RECENT_DAYS * DAY_MS &&
    (client.nextSession === null || client.nextSession.getTime() <= now.getTime())
  ) {
    return { client, reason: 'no_recent_visit', at: client.lastVisit, credits: 0 };
  }
  return null;
}

/**
 * Attention items in the order the widget lists them: by reason, then the soonest expiry or run-out first, and of
 * the quiet clients the most recently seen first (the ones a message can still bring back).
 */
export function byUrgency(a: AttentionItem, b: AttentionItem): number {
  const order = REASON_ORDER[a.reason] - REASON_ORDER[b.reason];
  if (order !== 0) return order;
  const soonest = a.at.getTime() - b.at.getTime();
  return a.reason === 'no_recent_visit' ? -soonest : soonest;
}
