import type { INestApplicationContext } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ShutdownState } from './shutdown-state.js';

/**
 * Graceful shutdown of the web process. On SIGTERM (a deploy, `docker compose stop`):
 *  1. readiness answers 503 at once and every response carries `Connection: close`;
 *  2. after a short grace (DRAIN_GRACE_MS, see there), app.close() stops accepting connections, closes idle keep-alive connections at once (and again every
 *     SWEEP_MS, as in-flight requests finish), and waits for the requests in flight;
 *  3. then the database pool, Redis and the queues close, and the process exits 0;
 *  4. whatever still holds on after the deadline, the process exits 1: well inside compose's
 *     stop_grace_period, so it is never SIGKILLed half-way.
 */
export const WEB_SHUTDOWN_DEADLINE_MS = 9_000;
const SWEEP_MS = 100;
/**
 * Between the signal and closing the listener. Closing the server also closes every connection it thinks idle,
 * and a connection whose request bytes have arrived but not been read yet (the event loop was busy) looks idle:
 * its client would get a reset for a request it already sent. One short grace lets those requests be read.
 */
const DRAIN_GRACE_MS = 200;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Registers the drain hooks on the app's Fastify instance; createApp calls this before init. */
export function installGracefulClose(fastify: FastifyInstance, state: ShutdownState): void {
  let sweeper: NodeJS.Timeout | undefined;
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    // Draining: the client gets its answer, then the connection ends instead of idling until the keep-alive timeout.
    if (state.draining && !reply.raw.headersSent) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('preClose', (done) => {
    state.markDraining();
    sweeper = setInterval(() => fastify.server.closeIdleConnections(), SWEEP_MS);
    sweeper.unref();
    done();
  });
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweeper);
    done();
  });
}

/** Exits with 1 if shutdown is still running `deadlineMs` after the first signal. Used by both processes. */
export function armShutdownDeadline(deadlineMs: number, label: string): void {
  let armed = false;
  const arm = (signal: NodeJS.Signals): void => {
    if (armed) return;
    armed = true;
    const timer = setTimeout(() => {
      console.error(`TrainerHub ${label}: shutdown still running ${deadlineMs} ms after ${signal}; exiting now`);
      process.exit(1);
    }, deadlineMs);
    timer.unref();
  };
  for (const signal of SIGNALS) process.once(signal, arm);
}

/**
 * The web process's signal handling: drain, close, exit 0; the deadline exits 1 if closing hangs.
 * (Not Nest's enableShutdownHooks: it re-raises the signal after closing, which hides the exit code.)
 */
export function shutDownOnSignals(app: INestApplicationContext, deadlineMs = WEB_SHUTDOWN_DEADLINE_MS): void {
  armShutdownDeadline(deadlineMs, 'web');
  let closing = false;
  const shutDown = (): void => {
    if (closing) return;
    closing = true;
    app.get(ShutdownState).markDraining();
    const close = new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS)).then(() => app.close());
    close.then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('TrainerHub web: shutdown failed', error);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.once(signal, shutDown);
}
