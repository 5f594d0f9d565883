import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module.js';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';
import { MaintenanceScheduler } from './maintenance.scheduler.js';
import { MaintenanceService } from './maintenance.service.js';

/** Worker-side only: processors must never load in the web process. */
@Module({
  imports: [QueueModule],
  providers: [MaintenanceService, MaintenanceProcessor, MaintenanceScheduler],
})
export class MaintenanceWorkerModule {}
