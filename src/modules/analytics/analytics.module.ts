import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module.js';
import { PackagesModule } from '../packages/packages.module.js';
import { RollupsRepository } from './rollups.repository.js';
import { RollupsService } from './rollups.service.js';

/** The analytics core: the rollups service, used by the worker's jobs, the admin API and the outbox relay. */
@Module({
  imports: [QueueModule, PackagesModule],
  providers: [RollupsService, RollupsRepository],
  exports: [RollupsService],
})
export class AnalyticsModule {}
