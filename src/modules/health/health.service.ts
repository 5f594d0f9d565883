import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ShutdownState } from '../../common/http/shutdown-state.js';
import { REDIS } from '../../common/redis/redis.module.js';
import { HEARTBEAT_STALE_AFTER_MS, WorkerHeartbeatRepository } from '../maintenance/worker-heartbeat.repository.js';
import { OutboxMaintenanceRepository } from '../outbox/outbox-maintenance.repository.js';
import type { CheckState, OutboxReport, Readiness, WorkerReport } from './health.types.js';

const CHECK_TIMEOUT_MS = 2_000;
/** The pending count stops here: readiness is polled every few seconds and must stay cheap during a backlog. */
const OUTBOX_PENDING_CAP = 10_000;
/** The relay runs every second while a worker is up; a row waiting longer than this means it is not keeping up. */
const OUTBOX_LAGGING_AFTER_SECONDS = 60;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/** Whole seconds from `from` to `now`, never negative (the worker's clock may run a little ahead of ours). */
function secondsSince(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
}

@Injectable()
export class HealthService {
  constructor(
    private readonly em: EntityManager,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly shutdown: ShutdownState,
    private readonly heartbeats: WorkerHeartbeatRepository,
    private readonly outbox: OutboxMaintenanceRepository,
  ) {}

  /**
   * Ready means both stores answer within two seconds and the process is not draining for a shutdown; a load
   * balancer stops routing here otherwise. While draining the checks still report the stores' own state.
   *
   * The worker's heartbeat and the outbox lag are reported but never make this process unready: readiness decides
   * whether a balancer sends requests to this web process, and this process serves them fine while the worker is
   * down (bookings commit, their outbox rows wait in PostgreSQL and are relayed when a worker is back). Failing it
   * would take every web process out of rotation because of one worker, turning a delay in reminders into an
   * outage of the whole product. Alert on `worker.status` and `outbox.status` instead.
   */
  async readiness(now: Date = new Date()): Promise<Readiness> {
    const [database, redis, worker, outbox] = await Promise.all([
      this.probe(() => this.em.getConnection().execute('select 1')),
      this.probe(() => this.redis.ping()),
      this.worker(now),
      this.outboxLag(now),
    ]);
    const ready = database === 'ok' && redis === 'ok' && !this.shutdown.draining;
    return { status: ready ? 'ok' : 'down', checks: { database, redis }, worker, outbox };
  }

  private async worker(now: Date): Promise<WorkerReport> {
    try {
      const sightings = await withTimeout(this.heartbeats.recent());
      const live = sightings.filter((s) => now.getTime() - s.lastSeenAt.getTime() <= HEARTBEAT_STALE_AFTER_MS);
      const last = sightings[0];
      return {
        status: live.length > 0 ? 'ok' : 'stale',
        lastSeenSeconds: last ? secondsSince(last.lastSeenAt, now) : null,
        live: live.length,
      };
    } catch {
      return { status: 'unknown', lastSeenSeconds: null, live: 0 };
    }
  }

  private async outboxLag(now: Date): Promise<OutboxReport> {
    try {
      const lag = await withTimeout(this.outbox.lag(this.em, OUTBOX_PENDING_CAP));
      const oldestPendingSeconds = lag.oldestPendingAt ? secondsSince(lag.oldestPendingAt, now) : null;
      const lagging = oldestPendingSeconds !== null && oldestPendingSeconds > OUTBOX_LAGGING_AFTER_SECONDS;
      return { status: lagging ? 'lagging' : 'ok', pending: lag.pending, oldestPendingSeconds };
    } catch {
      return { status: 'unknown', pending: null, oldestPendingSeconds: null };
    }
  }

  private async probe(check: () => Promise<unknown>): Promise<CheckState> {
    try {
      await withTimeout(check());
      return 'ok';
    } catch {
      return 'down';
    }
  }
}
