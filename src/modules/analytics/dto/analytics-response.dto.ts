import { ApiProperty } from '@nestjs/swagger';
import {
  Granularity,
  type AnalyticsSummary,
  type ReportRange,
  type Retention,
  type RevenueSeries,
  type SessionsSeries,
} from '../analytics-reports.types.js';

const RATE = 'A fraction from 0 to 1 (4 decimals); null when there is nothing to divide by.';

export class AnalyticsRangeDto {
  @ApiProperty({ format: 'date', description: 'First local day, inclusive.', example: '2026-03-01' })
  from: string;

  @ApiProperty({ format: 'date', description: 'Last local day, inclusive.', example: '2026-03-31' })
  to: string;

  @ApiProperty({ description: 'Days in the range, both ends counted.', example: 31 })
  days: number;

  @ApiProperty({
    format: 'date',
    description: 'First day of the previous period: the same number of days just before `from`.',
    example: '2026-01-29',
  })
  previousFrom: string;

  @ApiProperty({
    format: 'date',
    description: 'Last day of the previous period (the day before `from`).',
    example: '2026-02-28',
  })
  previousTo: string;

  @ApiProperty({ enum: Granularity, description: 'The bucket size used (asked for, or the default).', example: 'day' })
  granularity: Granularity;
}

export class AnalyticsSummaryDto {
  @ApiProperty({ type: AnalyticsRangeDto })
  range: AnalyticsRangeDto;

  @ApiProperty({ description: 'ISO 4217 currency of the money figures.', example: 'GBP' })
  currency: string;

  @ApiProperty({
    description: 'Sessions starting in the range that were not cancelled (pending, confirmed, completed or no-show).',
    example: 58,
  })
  sessionsBooked: number;

  @ApiProperty({ description: 'Sessions completed in the range.', example: 49 })
  sessionsCompleted: number;

  @ApiProperty({ description: 'Sessions cancelled in the range (by either side, late or not).', example: 6 })
  cancellations: number;

  @ApiProperty({ description: 'Client cancellations inside your cancellation cut-off.', example: 2 })
  lateCancellations: number;

  @ApiProperty({ description: 'Sessions the client did not turn up to.', example: 3 })
  noShows: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: `No-shows ÷ (completed + no-shows). ${RATE}`,
    example: 0.0577,
  })
  noShowRate: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: `Cancellations ÷ (completed + cancelled + no-shows). ${RATE}`,
    example: 0.1034,
  })
  cancellationRate: number | null;

  @ApiProperty({ description: 'Clients with at least one session (not cancelled) in the range.', example: 21 })
  activeClients: number;

  @ApiProperty({ description: 'Clients added in the range.', example: 4 })
  newClients: number;

  @ApiProperty({
    description: 'Payments received in the range, net of refunds and corrections (minor units).',
    example: 245000,
  })
  revenueMinor: number;

  @ApiProperty({ description: 'The same for the previous period (minor units).', example: 212500 })
  previousRevenueMinor: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: '(revenue − previous) ÷ previous, 4 decimals; null when the previous period had no revenue.',
    example: 0.1529,
  })
  revenueChange: number | null;

  @ApiProperty({ description: 'Credits granted by packages sold in the range.', example: 40 })
  creditsSold: number;

  @ApiProperty({ description: 'Credits used by sessions in the range, net of credits given back.', example: 35 })
  creditsConsumed: number;

  @ApiProperty({ description: 'Credits written off by expiry in the range.', example: 2 })
  creditsExpired: number;

  @ApiProperty({ description: 'Unused credits of unexpired packages, now (not limited to the range).', example: 64 })
  creditsOutstanding: number;

  @ApiProperty({
    description:
      'What those credits are worth, pro rata of the price each client paid, for packages sold in your currency (minor units).',
    example: 288000,
  })
  creditsOutstandingValueMinor: number;
}

export class RevenuePointDto {
  @ApiProperty({
    format: 'date',
    description: 'First day of the bucket (clipped to the range).',
    example: '2026-03-02',
  })
  start: string;

  @ApiProperty({ format: 'date', description: 'Last day of the bucket (clipped to the range).', example: '2026-03-08' })
  end: string;

  @ApiProperty({
    format: 'date',
    description: 'The same bucket in the previous period: first day.',
    example: '2026-01-30',
  })
  previousStart: string;

  @ApiProperty({
    format: 'date',
    description: 'The same bucket in the previous period: last day.',
    example: '2026-02-05',
  })
  previousEnd: string;

  @ApiProperty({ description: 'Net payments in the bucket (minor units).', example: 62000 })
  revenueMinor: number;

  @ApiProperty({ description: 'Net payments in the previous period’s bucket (minor units).', example: 54500 })
  previousRevenueMinor: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Relative change against the previous period’s bucket, 4 decimals; null when that bucket had none.',
    example: 0.1376,
  })
  change: number | null;
}

export class RevenueSeriesDto {
  @ApiProperty({ type: AnalyticsRangeDto })
  range: AnalyticsRangeDto;

  @ApiProperty({ example: 'GBP' })
  currency: string;

  @ApiProperty({ description: 'Net payments over the range (minor units).', example: 245000 })
  totalMinor: number;

  @ApiProperty({ description: 'Net payments over the previous period (minor units).', example: 212500 })
  previousTotalMinor: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Relative change of the totals; null without a previous total.',
    example: 0.1529,
  })
  change: number | null;

  @ApiProperty({ type: [RevenuePointDto], description: 'Every bucket of the range in order, empty ones included.' })
  points: RevenuePointDto[];
}

export class SessionFiguresDto {
  @ApiProperty({ example: 12 })
  completed: number;

  @ApiProperty({ description: 'Cancelled by either side, late or not.', example: 2 })
  cancelled: number;

  @ApiProperty({ description: 'The client cancellations inside your cut-off (part of `cancelled`).', example: 1 })
  lateCancelled: number;

  @ApiProperty({ example: 1 })
  noShows: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: `completed ÷ (completed + cancelled + no-shows). ${RATE}`,
    example: 0.8,
  })
  completionRate: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: `cancelled ÷ (completed + cancelled + no-shows). ${RATE}`,
    example: 0.1333,
  })
  cancellationRate: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: `late cancellations ÷ (completed + cancelled + no-shows). ${RATE}`,
    example: 0.0667,
  })
  lateCancellationRate: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: `no-shows ÷ (completed + no-shows). ${RATE}`,
    example: 0.0769,
  })
  noShowRate: number | null;
}

export class SessionsPointDto extends SessionFiguresDto {
  @ApiProperty({ format: 'date', example: '2026-03-02' })
  start: string;

  @ApiProperty({ format: 'date', example: '2026-03-08' })
  end: string;
}

export class SessionsSeriesDto {
  @ApiProperty({ type: AnalyticsRangeDto })
  range: AnalyticsRangeDto;

  @ApiProperty({ type: SessionFiguresDto, description: 'The whole range.' })
  totals: SessionFiguresDto;

  @ApiProperty({ type: [SessionsPointDto], description: 'Every bucket of the range in order, empty ones included.' })
  points: SessionsPointDto[];
}

export class RetentionTotalsDto {
  @ApiProperty({ description: 'Clients with a session (not cancelled) in the range.', example: 24 })
  activeClients: number;

  @ApiProperty({ description: 'Of those, clients whose first ever session fell in the range.', example: 5 })
  newClients: number;

  @ApiProperty({ description: 'Active clients who had sessions before the range.', example: 19 })
  returningClients: number;

  @ApiProperty({ description: 'Clients lost in the range (see `lostAfterDays`).', example: 3 })
  lostClients: number;
}

export class RetentionMonthDto extends RetentionTotalsDto {
  @ApiProperty({ description: 'The calendar month, "YYYY-MM".', example: '2026-03' })
  month: string;

  @ApiProperty({ format: 'date', description: 'First day of the month in the range.', example: '2026-03-01' })
  start: string;

  @ApiProperty({ format: 'date', description: 'Last day of the month in the range.', example: '2026-03-31' })
  end: string;
}

export class RetentionDto {
  @ApiProperty({ type: AnalyticsRangeDto })
  range: AnalyticsRangeDto;

  @ApiProperty({
    description:
      'A client is lost on the day this many days after their last session when no session (not cancelled) came in between; counted once that day has come.',
    example: 60,
  })
  lostAfterDays: number;

  @ApiProperty({ type: RetentionTotalsDto })
  totals: RetentionTotalsDto;

  @ApiProperty({ type: [RetentionMonthDto], description: 'Each calendar month of the range, in order.' })
  months: RetentionMonthDto[];
}

function toRange(range: ReportRange): AnalyticsRangeDto {
  return {
    from: range.from,
    to: range.to,
    days: range.days,
    previousFrom: range.previousFrom,
    previousTo: range.previousTo,
    granularity: range.granularity,
  };
}

export function toAnalyticsSummary(summary: AnalyticsSummary): AnalyticsSummaryDto {
  const { current, previous } = summary;
  return {
    range: toRange(summary.range),
    currency: summary.currency,
    sessionsBooked: summary.sessionsBooked,
    sessionsCompleted: current.sessionsCompleted,
    cancellations: current.cancellations,
    lateCancellations: current.lateCancellations,
    noShows: current.noShows,
    noShowRate: summary.rates.noShowRate,
    cancellationRate: summary.rates.cancellationRate,
    activeClients: summary.activeClients,
    newClients: current.newClients,
    revenueMinor: current.revenueMinor,
    previousRevenueMinor: previous.revenueMinor,
    revenueChange: summary.revenueChange,
    creditsSold: current.creditsSold,
    creditsConsumed: current.creditsConsumed,
    creditsExpired: current.creditsExpired,
    creditsOutstanding: summary.creditsOutstanding,
    creditsOutstandingValueMinor: summary.creditsOutstandingValueMinor,
  };
}

export function toRevenueSeries(series: RevenueSeries): RevenueSeriesDto {
  return {
    range: toRange(series.range),
    currency: series.currency,
    totalMinor: series.totalMinor,
    previousTotalMinor: series.previousTotalMinor,
    change: series.change,
    points: series.points.map((point) => ({
      start: point.start,
      end: point.end,
      previousStart: point.previousStart,
      previousEnd: point.previousEnd,
      revenueMinor: point.revenueMinor,
      previousRevenueMinor: point.previousRevenueMinor,
      change: point.change,
    })),
  };
}

function toSessionFigures(figures: SessionsSeries['totals']): SessionFiguresDto {
  return {
    completed: figures.completed,
    cancelled: figures.cancelled,
    lateCancelled: figures.lateCancelled,
    noShows: figures.noShows,
    completionRate: figures.completionRate,
    cancellationRate: figures.cancellationRate,
    lateCancellationRate: figures.lateCancellationRate,
    noShowRate: figures.noShowRate,
  };
}

export function toSessionsSeries(series: SessionsSeries): SessionsSeriesDto {
  return {
    range: toRange(series.range),
    totals: toSessionFigures(series.totals),
    // Key order as the DTO declares it (inherited fields first), so the compiled serializer writes the same bytes.
    points: series.points.map((point) => ({ ...toSessionFigures(point), start: point.start, end: point.end })),
  };
}

export function toRetention(retention: Retention): RetentionDto {
  return {
    range: toRange(retention.range),
    lostAfterDays: retention.lostAfterDays,
    totals: {
      activeClients: retention.totals.activeClients,
      newClients: retention.totals.newClients,
      returningClients: retention.totals.returningClients,
      lostClients: retention.totals.lostClients,
    },
    months: retention.months.map((month) => ({
      activeClients: month.activeClients,
      newClients: month.newClients,
      returningClients: month.returningClients,
      lostClients: month.lostClients,
      month: month.month,
      start: month.start,
      end: month.end,
    })),
  };
}
