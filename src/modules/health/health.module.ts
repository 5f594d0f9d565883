import { Module } from '@nestjs/common';
import { ShutdownState } from '../../common/http/shutdown-state.js';
import { HealthService } from './health.service.js';

/** Liveness and readiness; owns the process's ShutdownState, which app.factory.ts and main.ts flip on SIGTERM. */
@Module({ providers: [HealthService, ShutdownState], exports: [HealthService, ShutdownState] })
export class HealthModule {}
