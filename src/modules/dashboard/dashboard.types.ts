import type { BookingRead } from '../bookings/booking-read.types.js';
import type { RunwayPackage } from '../packages/runway.rules.js';

/** The revenue chart's two ranges: the last 12 ISO weeks or the last 12 calendar months, the current one included. */
export type ChartPeriod = 'weeks' | 'months';

export const CHART_PERIODS: readonly ChartPeriod[] = ['weeks', 'months'];

/** What a brand-new trainer still has to do; each step is done once one row of its kind exists. */
export interface SetupState {
  hasHours: boolean;
  hasClients: boolean;
  hasPackages: boolean;
  hasBookings: boolean;
}

/** The stat cards' figures, for the trainer's local today, week, month and last 30 days. */
export interface DashboardStats {
  today: { booked: number; completed: number; toGo: number; nextStart: Date | null };
  week: { booked: number; completed: number; firstDay: string; lastDay: string };
  activeClients: { last30: number; previous30: number; total: number; newThisMonth: number };
  /** Minor units in the trainer's currency: the month so far against the same days of last month. */
  revenue: { monthToDate: number; sameDaysLastMonth: number; lastMonthFirstDay: string; lastMonthLastDay: string };
  credits: { outstanding: number; valueMinor: number; clients: number; expiringSoon: number };
  /** Sessions that happened (completed or no-show) and the no-shows among them, this and the previous 30 days. */
  noShows: { last30: number; attended30: number; previous30: number; attendedPrevious30: number };
}

/** One session of the next seven days, with whether a forfeited credit could still be given back. */
export interface UpcomingSession {
  booking: BookingRead;
  waivable: boolean;
}

export interface UpcomingRead {
  /** The local dates shown, today first. */
  days: string[];
  sessions: UpcomingSession[];
  /** Sessions in the window beyond the ones listed (the list is capped). */
  more: number;
  /** Pending or confirmed sessions of the last 30 days, before today, that still have no outcome. */
  unresolved: number;
}

/** One active client as the clients widget reads them: dates, recent pace and usable credit packages. */
export interface ClientActivity {
  id: string;
  name: string;
  createdAt: Date;
  lastVisit: Date | null;
  nextSession: Date | null;
  /** Sessions (not cancelled) started in the runway window: the pace of the credit forecast. */
  recentSessions: number;
  /** Start of the last future session paid by a credit: the forecast starts after it. */
  lastBookedOnCredit: Date | null;
  packages: RunwayPackage[];
}

export type AttentionReason = 'credits_expiring' | 'credits_running_out' | 'no_recent_visit';

export interface AttentionItem {
  client: ClientActivity;
  reason: AttentionReason;
  /** When it happens (expiry, run-out) or happened (the last visit). */
  at: Date;
  /** Credits concerned: expiring, or left before running out. */
  credits: number;
}

export interface ClientsRead {
  newest: ClientActivity[];
  recentlyActive: ClientActivity[];
  attention: AttentionItem[];
  /** Attention items beyond the ones listed. */
  moreAttention: number;
}

export interface RevenueBucket {
  /** The local date the week (Monday) or month (the 1st) starts. */
  start: string;
  revenueMinor: number;
  sessionsCompleted: number;
  /** The bucket that holds today, so its figures are still growing. */
  current: boolean;
}

export interface RevenueSeries {
  period: ChartPeriod;
  buckets: RevenueBucket[];
}

/** The whole dashboard page: the setup state, and the four sections when they are rendered in the page. */
export interface DashboardPage {
  setup: SetupState;
  sections: {
    stats: DashboardStats;
    upcoming: UpcomingRead;
    clients: ClientsRead;
    revenue: RevenueSeries;
  } | null;
}
