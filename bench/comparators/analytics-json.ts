import 'reflect-metadata';
import { dtoJsonSchema } from '../../src/common/serialization/dto-json-schema.js';
import { AnalyticsReportsRepository } from '../../src/modules/analytics/analytics-reports.repository.js';
import { AnalyticsReportsService } from '../../src/modules/analytics/analytics-reports.service.js';
import {
  AnalyticsSummaryDto,
  RetentionDto,
  RevenueSeriesDto,
  toAnalyticsSummary,
  toRetention,
  toRevenueSeries,
} from '../../src/modules/analytics/dto/analytics-response.dto.js';
import { appActor, kyselyHost } from './app-reads.js';
import type { Comparator } from './common.js';

type RangeParams = { from?: string; to?: string; granularity?: string };

/**
 * The analytics API scenarios' bare comparator: GET /api/v1/analytics/summary, /revenue and /clients with the same JWT check,
 * one SQL statement for the actor, the app's own report reads over raw pg (see app-reads.ts), and Fastify's
 * compiled serializer from the same response schemas as the app's.
 */
const comparator: Comparator = {
  register(app, deps) {
    const reports = new AnalyticsReportsService(new AnalyticsReportsRepository(kyselyHost(deps.pool) as never));

    app.get(
      '/api/v1/analytics/summary',
      { schema: { response: { 200: dtoJsonSchema(AnalyticsSummaryDto), 401: {} } } },
      async (req, reply) => {
        const bare = await deps.jwtActor(req.headers.authorization);
        if (!bare?.trainerId) return reply.code(401).send();
        const { from, to } = req.query as RangeParams;
        return toAnalyticsSummary(await reports.summary(appActor(bare), { from, to }));
      },
    );

    app.get(
      '/api/v1/analytics/revenue',
      { schema: { response: { 200: dtoJsonSchema(RevenueSeriesDto), 401: {} } } },
      async (req, reply) => {
        const bare = await deps.jwtActor(req.headers.authorization);
        if (!bare?.trainerId) return reply.code(401).send();
        const { from, to, granularity } = req.query as RangeParams;
        return toRevenueSeries(await reports.revenue(appActor(bare), { from, to, granularity }));
      },
    );

    app.get(
      '/api/v1/analytics/clients',
      { schema: { response: { 200: dtoJsonSchema(RetentionDto), 401: {} } } },
      async (req, reply) => {
        const bare = await deps.jwtActor(req.headers.authorization);
        if (!bare?.trainerId) return reply.code(401).send();
        const { from, to } = req.query as RangeParams;
        return toRetention(await reports.retention(appActor(bare), { from, to }));
      },
    );
  },
};

export default comparator;
