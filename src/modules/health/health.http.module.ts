import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthModule } from './health.module.js';

/** The /health endpoints; imported by the HTTP process only. Re-exports ShutdownState for app.factory.ts. */
@Module({ imports: [HealthModule], controllers: [HealthController], exports: [HealthModule] })
export class HealthHttpModule {}
