import { Module } from '@nestjs/common';
import { OutboxMaintenanceRepository } from './outbox-maintenance.repository.js';
import { OutboxService } from './outbox.service.js';

/**
 * The outbox's write side, for every module whose changes must reach the worker, and its housekeeping SQL (cleanup
 * and lag, for maintenance and readiness). Both processes load it.
 */
@Module({
  providers: [OutboxService, OutboxMaintenanceRepository],
  exports: [OutboxService, OutboxMaintenanceRepository],
})
export class OutboxModule {}
