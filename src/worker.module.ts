import { Module } from '@nestjs/common';
import { CORE_IMPORTS } from './app.module.js';
import { MaintenanceWorkerModule } from './modules/maintenance/maintenance.worker-module.js';

/** The BullMQ process: processors and schedulers only, no HTTP. */
@Module({ imports: [...CORE_IMPORTS, MaintenanceWorkerModule] })
export class WorkerModule {}
