import { Module } from '@nestjs/common';
import { CoreModule } from './core.module.js';
import { AnalyticsWorkerModule } from './modules/analytics/analytics.worker-module.js';
import { MaintenanceWorkerModule } from './modules/maintenance/maintenance.worker-module.js';
import { RemindersWorkerModule } from './modules/reminders/reminders.worker-module.js';

/** The BullMQ process: the shared core plus processors and schedulers; never a controller or an http module. */
@Module({ imports: [CoreModule, MaintenanceWorkerModule, AnalyticsWorkerModule, RemindersWorkerModule] })
export class WorkerModule {}
