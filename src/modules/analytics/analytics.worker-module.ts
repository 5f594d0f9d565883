import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module.js';
import { AnalyticsModule } from './analytics.module.js';
import { RollupsProcessor } from './jobs/rollups.processor.js';
import { RollupsScheduler } from './rollups.scheduler.js';

/** Worker-side only: the rollups processor and the hourly sweep's scheduler never load in the web process. */
@Module({
  imports: [QueueModule, AnalyticsModule],
  providers: [RollupsProcessor, RollupsScheduler],
})
export class AnalyticsWorkerModule {}
