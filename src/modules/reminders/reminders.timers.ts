import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import { OutboxRelayService } from '../outbox/outbox-relay.service.js';
import { RemindersReconcilerService } from './reminders-reconciler.service.js';

const RELAY_EVERY_MS = 1_000;
const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * The worker's clocks for the pipeline: the outbox relay every second and the reconciler at start and every five
 * minutes. Plain timers rather than BullMQ repeatable jobs on purpose: they keep running when Redis loses its keys,
 * which is exactly when the reconciler is needed. Every worker runs both; SKIP LOCKED and deterministic job ids
 * make that safe.
 */
@Injectable()
export class RemindersTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RemindersTimers.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();
  private relaying = false;

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly reconciler: RemindersReconcilerService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    this.track(this.warnUnlessNoEviction());
    this.track(this.reconcile());
    this.timers.push(setInterval(() => this.relayOnce(), RELAY_EVERY_MS).unref());
    this.timers.push(setInterval(() => this.track(this.reconcile()), RECONCILE_EVERY_MS).unref());
  }

  /** SIGTERM: no new pass starts, and the one in hand finishes (it is short: one batch). */
  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running]);
  }

  private relayOnce(): void {
    if (this.relaying) return;
    this.relaying = true;
    this.track(
      (async () => {
        try {
          // Drain a backlog in consecutive passes rather than one per second.
          await this.relay.drain();
        } catch {
          // Logged by the relay; the rows stay and the next tick tries again.
        } finally {
          this.relaying = false;
        }
      })(),
    );
  }

  private async reconcile(): Promise<void> {
    try {
      const count = await this.reconciler.reconcile();
      this.logger.log({ count }, 'Reminder jobs reconciled from PostgreSQL');
    } catch (error) {
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'Reconcile failed');
    }
  }

  /** An evicting Redis can drop a delayed job silently; the reconciler repairs that, but only every few minutes. */
  private async warnUnlessNoEviction(): Promise<void> {
    try {
      const reply = (await this.redis.config('GET', 'maxmemory-policy')) as unknown as string[];
      const policy = reply[1];
      if (policy !== 'noeviction') {
        this.logger.warn(
          `REDIS maxmemory-policy is "${policy ?? 'unknown'}", not "noeviction": Redis may evict queued jobs. ` +
            'Set maxmemory-policy noeviction; until then the reconciler re-creates lost reminders every few minutes.',
        );
      }
    } catch (error) {
      this.logger.warn(
        `Could not read Redis maxmemory-policy (${error instanceof Error ? error.message : String(error)}); ` +
          'make sure it is noeviction.',
      );
    }
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
