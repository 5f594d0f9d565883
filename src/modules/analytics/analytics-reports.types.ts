/** The vocabulary of the analytics read side: ranges, buckets and the figures each report answers. */

export enum Granularity {
  Day = 'day',
  Week = 'week',
  Month = 'month',
}

export const GRANULARITIES: readonly Granularity[] = [Granularity.Day, Granularity.Week, Granularity.Month];

/** The longest range one report may cover: bounded work per request, like the ops rebuild. */
export const MAX_RANGE_YEARS = 3;

/** A client with no session for this many days after their last one counts as lost on that day. */
export const LOST_AFTER_DAYS = 60;

/** How many clients each "top clients" list shows. */
export const TOP_CLIENTS = 10;

/** A range as either door received it: strings, unchecked. */
export interface RangeQuery {
  from?: string;
  to?: string;
  granularity?: string;
}

/**
 * A checked range of the trainer's local days, both ends inclusive, with the period just before it of the same
 * length (what "previous period" means everywhere) and the bucket size of the series.
 */
export interface ReportRange {
  from: string;
  to: string;
  days: number;
  previousFrom: string;
  previousTo: string;
  granularity: Granularity;
}

/** One bucket of a series: its first and last local day, clipped to the range. */
export interface Bucket {
  start: string;
  end: string;
}

/** The rollup figures of one bucket (or a whole range). */
export interface RollupFigures {
  revenueMinor: number;
  sessionsCompleted: number;
  cancellations: number;
  lateCancellations: number;
  noShows: number;
  newClients: number;
  creditsSold: number;
  creditsConsumed: number;
  creditsExpired: number;
}

export interface SessionRates {
  /** completed ÷ (completed + cancelled + no-show). */
  completionRate: number | null;
  /** cancelled (late or not) ÷ (completed + cancelled + no-show). */
  cancellationRate: number | null;
  /** late cancellations ÷ (completed + cancelled + no-show). */
  lateCancellationRate: number | null;
  /** no-shows ÷ (completed + no-show): of the sessions that went ahead, how many the client missed. */
  noShowRate: number | null;
}

export interface SeriesPoint extends Bucket, RollupFigures {
  /** Revenue of the same bucket shifted back by the range's length. */
  previousRevenueMinor: number;
}

export interface AnalyticsSummary {
  range: ReportRange;
  currency: string;
  current: RollupFigures;
  previous: RollupFigures;
  /** Sessions starting in the range that were not cancelled (pending, confirmed, completed or no-show). */
  sessionsBooked: number;
  /** Clients with at least one session (not cancelled) in the range. */
  activeClients: number;
  /** Unused credits of unexpired purchases, now. */
  creditsOutstanding: number;
  /** Their value pro rata of the price paid, for purchases in the trainer's currency, in minor units. */
  creditsOutstandingValueMinor: number;
  rates: SessionRates;
  /** (revenue − previous) ÷ previous; null when the previous period had none. */
  revenueChange: number | null;
}

export interface RevenueSeries {
  range: ReportRange;
  currency: string;
  totalMinor: number;
  previousTotalMinor: number;
  change: number | null;
  points: Array<
    Bucket & {
      previousStart: string;
      previousEnd: string;
      revenueMinor: number;
      previousRevenueMinor: number;
      change: number | null;
    }
  >;
}

export interface SessionCounts {
  completed: number;
  cancelled: number;
  lateCancelled: number;
  noShows: number;
}

export interface SessionsSeries {
  range: ReportRange;
  totals: SessionCounts & SessionRates;
  points: Array<Bucket & SessionCounts & SessionRates>;
}

export interface RetentionMonth extends Bucket {
  /** "YYYY-MM". */
  month: string;
  activeClients: number;
  /** Active clients whose first ever session fell in this month. */
  newClients: number;
  returningClients: number;
  /** Clients whose 60 days without a session ran out in this month. */
  lostClients: number;
}

export interface Retention {
  range: ReportRange;
  lostAfterDays: number;
  totals: { activeClients: number; newClients: number; returningClients: number; lostClients: number };
  months: RetentionMonth[];
}

/** Sessions (not cancelled) by local ISO weekday (1 = Monday) and hour. */
export interface HeatmapCell {
  weekday: number;
  hour: number;
  sessions: number;
}

export interface TopClient {
  clientId: string;
  name: string;
  sessions: number;
  revenueMinor: number;
}

export interface PackageSale {
  packageId: string;
  name: string;
  currency: string;
  sold: number;
  creditsGranted: number;
  valueMinor: number;
}

/** Credits held by clients at the end of a bucket (from the ledger), and their value in the trainer's currency. */
export interface LiabilityPoint extends Bucket {
  credits: number;
  valueMinor: number;
}

export interface Activity {
  range: ReportRange;
  currency: string;
  heatmap: HeatmapCell[];
  topBySessions: TopClient[];
  topByRevenue: TopClient[];
  packageSales: PackageSale[];
  liability: LiabilityPoint[];
}

/** Everything /analytics shows, for one range. */
export interface AnalyticsOverview {
  summary: AnalyticsSummary;
  revenue: RevenueSeries;
  sessions: SessionsSeries;
  activity: Activity;
  retention: Retention;
}

/** The tables the web page offers as CSV, by the name in /analytics/export/<name>.csv. */
export enum ReportTable {
  Revenue = 'revenue',
  Sessions = 'sessions',
  BusiestHours = 'busiest-hours',
  TopClientsBySessions = 'top-clients-sessions',
  TopClientsByRevenue = 'top-clients-revenue',
  PackageSales = 'package-sales',
  CreditLiability = 'credit-liability',
  Retention = 'retention',
}

export const REPORT_TABLES: readonly ReportTable[] = Object.values(ReportTable);

/** One table's data, for the CSV export: a single report, read with a single statement. */
export type ReportTableData =
  | { table: ReportTable.Revenue; range: ReportRange; currency: string; revenue: RevenueSeries }
  | { table: ReportTable.Sessions; range: ReportRange; currency: string; sessions: SessionsSeries }
  | { table: ReportTable.Retention; range: ReportRange; currency: string; retention: Retention }
  | { table: ReportTable.BusiestHours; range: ReportRange; currency: string; heatmap: HeatmapCell[] }
  | {
      table: ReportTable.TopClientsBySessions | ReportTable.TopClientsByRevenue;
      range: ReportRange;
      currency: string;
      clients: TopClient[];
    }
  | { table: ReportTable.PackageSales; range: ReportRange; currency: string; sales: PackageSale[] }
  | { table: ReportTable.CreditLiability; range: ReportRange; currency: string; liability: LiabilityPoint[] };
