import { Module } from '@nestjs/common';
import { ShutdownState } from '../../common/http/shutdown-state.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { HealthService } from './health.service.js';

/**
 * Liveness and readiness; owns the process's ShutdownState, which app.factory.ts and main.ts flip on SIGTERM.
 * Readiness reads the worker heartbeats (maintenance) and the outbox lag (outbox).
 */
@Module({
  imports: [MaintenanceModule, OutboxModule],
  providers: [HealthService, ShutdownState],
  exports: [HealthService, ShutdownState],
})
export class HealthModule {}
