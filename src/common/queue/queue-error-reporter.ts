import { type FactoryProvider, Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './queues.js';

/** At most one warning per this long, however many connections keep failing. */
export const QUEUE_WARNING_WINDOW_MS = 60_000;

interface ErrorSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface WarningSink {
  warn(message: string): unknown;
}

/**
 * Gives BullMQ queues an `error` listener that logs one warning per window. Without a listener BullMQ prints
 * every reconnect failure with console.error (queue-base.js emit()), so a Redis cut fills the log with
 * ECONNRESET stack traces. Enqueueing still fails on its own (and its request answers 503); this only reports.
 */
export function reportQueueErrors(
  queues: Array<{ name: string } & ErrorSource>,
  logger: WarningSink,
  windowMs = QUEUE_WARNING_WINDOW_MS,
): void {
  let lastWarnedAt = -Infinity;
  let suppressed = 0;
  for (const queue of queues) {
    queue.on('error', (error: Error) => {
      const now = Date.now();
      if (now - lastWarnedAt < windowMs) {
        suppressed += 1;
        return;
      }
      const more = suppressed > 0 ? ` (${suppressed} more queue errors since the last warning)` : '';
      lastWarnedAt = now;
      suppressed = 0;
      logger.warn(`Job queue "${queue.name}" cannot reach Redis (${error.message}); BullMQ keeps reconnecting${more}`);
    });
  }
}

/**
 * Attaches reportQueueErrors() to every queue QueueModule registers, in whichever process imports it. A factory
 * that injects the queues runs as soon as they exist, during boot: with Redis down at boot the first errors come
 * while other modules are still starting, too early for an onModuleInit hook.
 */
export const QUEUE_ERROR_REPORTER: FactoryProvider<void> = {
  provide: Symbol('QUEUE_ERROR_REPORTER'),
  inject: ALL_QUEUES.map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]) => reportQueueErrors(queues, new Logger('Queue')),
};
