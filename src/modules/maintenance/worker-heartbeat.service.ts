import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { HEARTBEAT_EVERY_MS, WorkerHeartbeatRepository } from './worker-heartbeat.repository.js';

/**
 * The worker process's heartbeat: written at start and every ten seconds, so the web process's readiness can say
 * whether any worker is alive. A plain timer, not a repeatable job: a job would be run by whichever worker is free,
 * and would prove the queue works rather than that this process lives. Worker-side only.
 */
@Injectable()
export class WorkerHeartbeatService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeatService.name);
  /** Host and pid for the humans reading it; the random part keeps two containers with pid 1 apart. */
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(private readonly heartbeats: WorkerHeartbeatRepository) {}

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS).unref();
  }

  /** SIGTERM: no more beats, so readiness shows this worker stale once its last beat ages out. */
  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One beat; never throws (a Redis outage is reported once, and the next tick tries again). */
  async beat(now: Date = new Date()): Promise<void> {
    try {
      await this.heartbeats.record(this.workerId, now);
      if (this.failing) this.logger.log('Worker heartbeat written again');
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'Worker heartbeat not written; readiness will show the worker stale until Redis answers',
        );
      this.failing = true;
    }
  }
}
