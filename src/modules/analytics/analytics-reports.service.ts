import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { addDays, localDateOf } from '../../common/time/zoned-time.js';
import { change, checkRange, rate } from './analytics-range.rules.js';
import { AnalyticsReportsRepository, type ReportScope, type RetentionRead } from './analytics-reports.repository.js';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors.js';
import {
  LOST_AFTER_DAYS,
  REPORT_TABLES,
  ReportTable,
  type Activity,
  type AnalyticsOverview,
  type AnalyticsSummary,
  type RangeQuery,
  type ReportTableData,
  type Retention,
  type RevenueSeries,
  type SeriesPoint,
  type SessionCounts,
  type SessionRates,
  type SessionsSeries,
} from './analytics-reports.types.js';

function ratesOf(counts: SessionCounts): SessionRates {
  const decided = counts.completed + counts.cancelled + counts.noShows;
  return {
    completionRate: rate(counts.completed, decided),
    cancellationRate: rate(counts.cancelled, decided),
    lateCancellationRate: rate(counts.lateCancelled, decided),
    noShowRate: rate(counts.noShows, counts.completed + counts.noShows),
  };
}

function countsOf(point: SeriesPoint): SessionCounts {
  return {
    completed: point.sessionsCompleted,
    cancelled: point.cancellations,
    lateCancelled: point.lateCancellations,
    noShows: point.noShows,
  };
}

/**
 * The analytics read side: one trainer's figures for a range of their local days. Every method takes the actor
 * first, checks the range (invalid_range with field messages: 422 on both doors) and scopes every read to the
 * actor's trainer. The per-day figures come from the worker's rollups; the rest are set-based aggregates (see
 * AnalyticsReportsRepository), so each report costs a fixed number of statements whatever the history's size.
 */
@Injectable()
export class AnalyticsReportsService {
  constructor(private readonly repository: AnalyticsReportsRepository) {}

  /** The headline numbers: one statement. */
  async summary(actor: Actor, query: RangeQuery, now: Date = new Date()): Promise<AnalyticsSummary> {
    const scope = this.scopeOf(actor, query);
    const totals = await this.repository.totals(scope, now);
    const { current, previous } = totals;
    return {
      range: scope.range,
      currency: scope.currency,
      ...totals,
      rates: ratesOf({
        completed: current.sessionsCompleted,
        cancelled: current.cancellations,
        lateCancelled: current.lateCancellations,
        noShows: current.noShows,
      }),
      revenueChange: change(current.revenueMinor, previous.revenueMinor),
    };
  }

  /** Revenue per bucket against the previous period: one statement. */
  async revenue(actor: Actor, query: RangeQuery): Promise<RevenueSeries> {
    const scope = this.scopeOf(actor, query);
    return this.revenueOf(scope, await this.repository.series(scope));
  }

  /** Completed, cancelled, late-cancelled and no-show sessions per bucket, with rates: one statement. */
  async sessions(actor: Actor, query: RangeQuery): Promise<SessionsSeries> {
    const scope = this.scopeOf(actor, query);
    return this.sessionsOf(scope, await this.repository.series(scope));
  }

  /** Active, new, returning and lost clients per month: one statement. */
  async retention(actor: Actor, query: RangeQuery, now: Date = new Date()): Promise<Retention> {
    const scope = this.scopeOf(actor, query);
    return this.retentionOf(scope, await this.repository.retention(scope, localDateOf(now, actor.timeZone)));
  }

  /** Everything /analytics shows: seven statements, one per report, run one after the other on one connection. */
  async overview(actor: Actor, query: RangeQuery, now: Date = new Date()): Promise<AnalyticsOverview> {
    const scope = this.scopeOf(actor, query);
    const totals = await this.summary(actor, query, now);
    const series = await this.repository.series(scope);
    const retention = await this.repository.retention(scope, localDateOf(now, actor.timeZone));
    return {
      summary: totals,
      revenue: this.revenueOf(scope, series),
      sessions: this.sessionsOf(scope, series),
      activity: await this.activityOf(scope),
      retention: this.retentionOf(scope, retention),
    };
  }

  /** One table of the page, for its CSV export: one statement. An unknown table name answers not_found. */
  async table(actor: Actor, name: string, query: RangeQuery, now: Date = new Date()): Promise<ReportTableData> {
    if (!(REPORT_TABLES as readonly string[]).includes(name))
      throw new AnalyticsError(AnalyticsErrorCode.UnknownTable, 'There is no such table to export.');
    const scope = this.scopeOf(actor, query);
    const base = { range: scope.range, currency: scope.currency };
    switch (name as ReportTable) {
      case ReportTable.Revenue:
        return {
          ...base,
          table: ReportTable.Revenue,
          revenue: this.revenueOf(scope, await this.repository.series(scope)),
        };
      case ReportTable.Sessions:
        return {
          ...base,
          table: ReportTable.Sessions,
          sessions: this.sessionsOf(scope, await this.repository.series(scope)),
        };
      case ReportTable.Retention:
        return {
          ...base,
          table: ReportTable.Retention,
          retention: this.retentionOf(scope, await this.repository.retention(scope, localDateOf(now, actor.timeZone))),
        };
      case ReportTable.BusiestHours:
        return { ...base, table: ReportTable.BusiestHours, heatmap: await this.repository.heatmap(scope) };
      case ReportTable.TopClientsBySessions:
        return {
          ...base,
          table: ReportTable.TopClientsBySessions,
          clients: (await this.repository.topClients(scope)).bySessions,
        };
      case ReportTable.TopClientsByRevenue:
        return {
          ...base,
          table: ReportTable.TopClientsByRevenue,
          clients: (await this.repository.topClients(scope)).byRevenue,
        };
      case ReportTable.PackageSales:
        return { ...base, table: ReportTable.PackageSales, sales: await this.repository.packageSales(scope) };
      case ReportTable.CreditLiability:
        return { ...base, table: ReportTable.CreditLiability, liability: await this.repository.creditLiability(scope) };
    }
  }

  private scopeOf(actor: Actor, query: RangeQuery): ReportScope {
    const trainerId = trainerIdOf(actor);
    return { trainerId, timeZone: actor.timeZone, currency: actor.currency, range: checkRange(query) };
  }

  private revenueOf(scope: ReportScope, series: SeriesPoint[]): RevenueSeries {
    const shift = scope.range.days;
    const totalMinor = series.reduce((sum, point) => sum + point.revenueMinor, 0);
    const previousTotalMinor = series.reduce((sum, point) => sum + point.previousRevenueMinor, 0);
    return {
      range: scope.range,
      currency: scope.currency,
      totalMinor,
      previousTotalMinor,
      change: change(totalMinor, previousTotalMinor),
      points: series.map((point) => ({
        start: point.start,
        end: point.end,
        previousStart: addDays(point.start, -shift),
        previousEnd: addDays(point.end, -shift),
        revenueMinor: point.revenueMinor,
        previousRevenueMinor: point.previousRevenueMinor,
        change: change(point.revenueMinor, point.previousRevenueMinor),
      })),
    };
  }

  private sessionsOf(scope: ReportScope, series: SeriesPoint[]): SessionsSeries {
    const totals: SessionCounts = { completed: 0, cancelled: 0, lateCancelled: 0, noShows: 0 };
    const points = series.map((point) => {
      const counts = countsOf(point);
      totals.completed += counts.completed;
      totals.cancelled += counts.cancelled;
      totals.lateCancelled += counts.lateCancelled;
      totals.noShows += counts.noShows;
      return { start: point.start, end: point.end, ...counts, ...ratesOf(counts) };
    });
    return { range: scope.range, totals: { ...totals, ...ratesOf(totals) }, points };
  }

  private retentionOf(scope: ReportScope, read: RetentionRead): Retention {
    return {
      range: scope.range,
      lostAfterDays: LOST_AFTER_DAYS,
      totals: { ...read.totals, returningClients: read.totals.activeClients - read.totals.newClients },
      months: read.months.map((month) => ({
        ...month,
        month: month.start.slice(0, 7),
        returningClients: month.activeClients - month.newClients,
      })),
    };
  }

  private async activityOf(scope: ReportScope): Promise<Activity> {
    const heatmap = await this.repository.heatmap(scope);
    const top = await this.repository.topClients(scope);
    const packageSales = await this.repository.packageSales(scope);
    const liability = await this.repository.creditLiability(scope);
    return {
      range: scope.range,
      currency: scope.currency,
      heatmap,
      topBySessions: top.bySessions,
      topByRevenue: top.byRevenue,
      packageSales,
      liability,
    };
  }
}
