import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { armShutdownDeadline } from './common/http/graceful-shutdown.js';
import { enforceDeployCheckAtBoot } from './config/deploy-probes.js';
import { loadEnv } from './config/env.schema.js';
import { WorkerModule } from './worker.module.js';

/** A job in hand gets this long to finish after SIGTERM; compose's stop_grace_period for the worker is 30 s. */
const WORKER_SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * The worker process. enableShutdownHooks makes SIGTERM close the BullMQ workers first (finishing the job in
 * hand), then the database pool and Redis, so a deploy never cuts a reminder in half. The deadline exits
 * before compose's SIGKILL if a job or a connection holds on.
 */
async function bootstrap(): Promise<void> {
  await enforceDeployCheckAtBoot(loadEnv());
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  armShutdownDeadline(WORKER_SHUTDOWN_DEADLINE_MS, 'worker');
  await app.init();
  app.get(Logger).log('TrainerHub worker started');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
