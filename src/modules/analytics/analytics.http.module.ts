import { Module } from '@nestjs/common';
import { AnalyticsApiController } from './analytics.api.controller.js';
import { AnalyticsReportsRepository } from './analytics-reports.repository.js';
import { AnalyticsReportsService } from './analytics-reports.service.js';
import { AnalyticsWebController } from './analytics.web.controller.js';

/**
 * Analytics' two doors and their read side. The reports only ever serve requests, so they live here rather than
 * in AnalyticsModule, which the worker loads for the rollups it writes.
 */
@Module({
  providers: [AnalyticsReportsService, AnalyticsReportsRepository],
  controllers: [AnalyticsApiController, AnalyticsWebController],
  exports: [AnalyticsReportsService],
})
export class AnalyticsHttpModule {}
