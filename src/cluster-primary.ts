import cluster, { type Worker } from 'node:cluster';
import { WEB_SHUTDOWN_DEADLINE_MS } from './common/http/graceful-shutdown.js';

/** A worker that dies this soon after it started listening is crashing at boot: restarting it would only loop. */
const CRASH_LOOP_MS = 5_000;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * The primary of WEB_CONCURRENCY > 1: forks that many web processes, which share one listening port (the
 * primary accepts and hands connections out round-robin), and serves nothing itself; it never loads the app.
 *
 * Workers run with the primary's node flags (cluster's default), so heap bounds given to `node` (scripts/start.ts
 * passes src/config/heap-flags.ts in production) hold in every web process.
 *
 * SIGTERM or SIGINT: forwarded once to every worker, each of which drains and exits on its own (main.ts,
 * graceful-shutdown.ts); the primary exits 0 when all have exited 0, 1 otherwise, and SIGKILLs whatever still
 * runs just before the 10 s bound. A worker that dies while serving is replaced; one that dies before it ever
 * listened, or right after, stops the whole group with exit 1 (a bad config or a crash at boot).
 */
export function runClusterPrimary(workers: number): void {
  let stopping = false;
  let failed = false;
  const listeningAt = new Map<number, number>();

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', () => listeningAt.set(worker.id, Date.now()));
    return worker;
  };

  const live = (): Worker[] => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);

  const exitWhenAllGone = (): void => {
    if (live().length === 0) process.exit(failed ? 1 : 0);
  };

  const stop = (reason?: string): void => {
    if (stopping) return;
    stopping = true;
    if (reason) console.error(`TrainerHub web: ${reason}; stopping every web process`);
    for (const worker of live()) worker.process.kill('SIGTERM');
    // Workers exit within their own 9 s deadline; this is the backstop so the group never outlives 10 s.
    const deadline = setTimeout(() => {
      for (const worker of live()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, WEB_SHUTDOWN_DEADLINE_MS + 500);
    deadline.unref();
    exitWhenAllGone();
  };

  cluster.on('exit', (worker, code, signal) => {
    const startedListening = listeningAt.get(worker.id);
    listeningAt.delete(worker.id);
    if (stopping) {
      // A worker still booting when the signal came has no handler yet and dies of it: nothing was in flight.
      if (code !== 0 && signal !== 'SIGTERM') failed = true;
      exitWhenAllGone();
      return;
    }
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (startedListening === undefined || Date.now() - startedListening < CRASH_LOOP_MS) {
      failed = true;
      stop(`web process ${worker.process.pid} exited at start-up (${how})`);
      return;
    }
    console.error(`TrainerHub web: web process ${worker.process.pid} exited (${how}); starting another`);
    fork();
  });

  for (const signal of SIGNALS) process.on(signal, () => stop());
  for (let index = 0; index < workers; index += 1) fork();
  console.log(`TrainerHub web: primary ${process.pid} started ${workers} web processes`);
}

/**
 * In a cluster worker: if the primary disappears without a signal (SIGKILL, a crash), the IPC channel closes;
 * the worker then shuts down as on SIGTERM instead of serving on, orphaned.
 */
export function followPrimary(): void {
  if (!cluster.isWorker) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
