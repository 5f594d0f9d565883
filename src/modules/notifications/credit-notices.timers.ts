import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CreditNoticesService } from './credit-notices.service.js';

const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * The sweep at worker start and every five minutes. A plain timer, like the reminders' reconciler, so it keeps
 * running when Redis loses its keys: the sweep is also what puts lost notice jobs back. Every worker runs it; the
 * plan's ON CONFLICT and the deterministic job ids make that safe.
 */
@Injectable()
export class CreditNoticesTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CreditNoticesTimers.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(private readonly notices: CreditNoticesService) {}

  onApplicationBootstrap(): void {
    this.sweepOnce();
    this.timer = setInterval(() => this.sweepOnce(), SWEEP_EVERY_MS).unref();
  }

  /** SIGTERM: no new sweep starts, and the one in hand (two statements and one addBulk) finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep at a time per worker: a slow one (Redis away) is not piled on by the next tick. */
  private sweepOnce(): void {
    if (this.running) return;
    this.running = this.notices
      .sweep()
      .then(
        (counts) => {
          if (counts.planned > 0 || counts.enqueued > 0) this.logger.log(counts, 'Credit notices swept');
        },
        (error: unknown) => {
          this.logger.warn(
            { error: error instanceof Error ? error.message : String(error) },
            'Credit notice sweep failed',
          );
        },
      )
      .finally(() => {
        this.running = null;
      });
  }
}
