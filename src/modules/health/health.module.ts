import { Module } from '@nestjs/common';
import { ShutdownState } from '../../common/http/shutdown-state.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

/** Liveness and readiness; owns the process's ShutdownState, which app.factory.ts and main.ts flip on SIGTERM. */
@Module({ controllers: [HealthController], providers: [HealthService, ShutdownState], exports: [ShutdownState] })
export class HealthModule {}
