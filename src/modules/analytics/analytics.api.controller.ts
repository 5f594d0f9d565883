import { Get, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { dtoJsonSchema } from '../../common/serialization/dto-json-schema.js';
import { AnalyticsReportsService } from './analytics-reports.service.js';
import { AnalyticsRangeQueryDto, AnalyticsSeriesQueryDto } from './dto/analytics-query.dto.js';
import {
  AnalyticsSummaryDto,
  RetentionDto,
  RevenueSeriesDto,
  SessionsSeriesDto,
  toAnalyticsSummary,
  toRetention,
  toRevenueSeries,
  toSessionsSeries,
} from './dto/analytics-response.dto.js';

const RANGE_RULES =
  'Dates are your local days (your time zone), `YYYY-MM-DD`, both inclusive; a range covers at most 3 years. ' +
  'A missing or impossible date, `to` before `from`, a longer range or an unknown granularity answers 422 with a ' +
  'message per field in `errors`.';

/**
 * The trainer's analytics, read from the daily rollups the worker keeps plus a few set-based aggregates: each
 * route costs one SQL statement after authentication, whatever the size of the history.
 */
@ApiV1Controller('analytics')
export class AnalyticsApiController {
  constructor(private readonly reports: AnalyticsReportsService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Headline numbers for a range',
    description:
      'Sessions booked and completed, cancellations and no-shows with rates, active and new clients, revenue ' +
      `against the previous period of the same length, credits sold, used and expired, and the credits clients hold now with their value. ${RANGE_RULES}`,
  })
  @ApiOkResponse({ type: AnalyticsSummaryDto })
  @ApiProblemResponses(400, 401, 422)
  @RouteSchema({ response: { 200: dtoJsonSchema(AnalyticsSummaryDto) } })
  async getAnalyticsSummary(
    @CurrentActor() actor: Actor,
    @Query() query: AnalyticsRangeQueryDto,
  ): Promise<AnalyticsSummaryDto> {
    return toAnalyticsSummary(await this.reports.summary(actor, { from: query.from, to: query.to }));
  }

  @Get('revenue')
  @ApiOperation({
    summary: 'Revenue per day, week or month',
    description:
      'Net payments per bucket, each beside the same bucket of the previous period (the range shifted back by its ' +
      `own length), with totals and the relative change. Every bucket is listed, empty ones with 0. ${RANGE_RULES}`,
  })
  @ApiOkResponse({ type: RevenueSeriesDto })
  @ApiProblemResponses(400, 401, 422)
  @RouteSchema({ response: { 200: dtoJsonSchema(RevenueSeriesDto) } })
  async getAnalyticsRevenue(
    @CurrentActor() actor: Actor,
    @Query() query: AnalyticsSeriesQueryDto,
  ): Promise<RevenueSeriesDto> {
    return toRevenueSeries(await this.reports.revenue(actor, { ...query }));
  }

  @Get('sessions')
  @ApiOperation({
    summary: 'Sessions per day, week or month',
    description:
      'Completed, cancelled, late-cancelled and no-show sessions per bucket (by the day they start, as they stand ' +
      `now), with completion, cancellation and no-show rates, and the totals. ${RANGE_RULES}`,
  })
  @ApiOkResponse({ type: SessionsSeriesDto })
  @ApiProblemResponses(400, 401, 422)
  @RouteSchema({ response: { 200: dtoJsonSchema(SessionsSeriesDto) } })
  async getAnalyticsSessions(
    @CurrentActor() actor: Actor,
    @Query() query: AnalyticsSeriesQueryDto,
  ): Promise<SessionsSeriesDto> {
    return toSessionsSeries(await this.reports.sessions(actor, { ...query }));
  }

  @Get('clients')
  @ApiOperation({
    summary: 'Client retention per month',
    description:
      'Per calendar month of the range: active clients (a session that was not cancelled), new ones (their first ' +
      'ever session) versus returning ones, and clients lost (60 days without a session after their last one, ' +
      `counted on the 60th day). ${RANGE_RULES}`,
  })
  @ApiOkResponse({ type: RetentionDto })
  @ApiProblemResponses(400, 401, 422)
  @RouteSchema({ response: { 200: dtoJsonSchema(RetentionDto) } })
  async getAnalyticsClients(
    @CurrentActor() actor: Actor,
    @Query() query: AnalyticsRangeQueryDto,
  ): Promise<RetentionDto> {
    return toRetention(await this.reports.retention(actor, { from: query.from, to: query.to }));
  }
}
