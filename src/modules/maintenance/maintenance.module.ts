import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module.js';
import { MaintenanceService } from './maintenance.service.js';
import { WorkerHeartbeatRepository } from './worker-heartbeat.repository.js';

/**
 * The maintenance core: the housekeeping service and the worker-heartbeat store, which the worker writes and the
 * web process's readiness reads. Its processor, scheduler and heartbeat timer live in maintenance.worker-module.ts.
 */
@Module({
  imports: [OutboxModule],
  providers: [MaintenanceService, WorkerHeartbeatRepository],
  exports: [MaintenanceService, WorkerHeartbeatRepository],
})
export class MaintenanceModule {}
