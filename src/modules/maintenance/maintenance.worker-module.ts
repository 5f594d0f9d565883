import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module.js';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';
import { MaintenanceModule } from './maintenance.module.js';
import { MaintenanceScheduler } from './maintenance.scheduler.js';
import { WorkerHeartbeatService } from './worker-heartbeat.service.js';

/** Worker-side only: processors, schedulers and the heartbeat timer must never load in the web process. */
@Module({
  imports: [QueueModule, MaintenanceModule],
  providers: [MaintenanceProcessor, MaintenanceScheduler, WorkerHeartbeatService],
})
export class MaintenanceWorkerModule {}
