import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { AdminQueuesApiController } from './admin-queues.api.controller.js';
import { AdminRollupsApiController } from './admin-rollups.api.controller.js';
import { AdminApiController } from './admin.api.controller.js';
import { AdminModule } from './admin.module.js';

/** The admin API door; imported by the HTTP process only. */
@Module({
  imports: [AdminModule, AnalyticsModule],
  controllers: [AdminApiController, AdminRollupsApiController, AdminQueuesApiController],
})
export class AdminHttpModule {}
