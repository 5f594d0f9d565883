import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity.js';
import { OutboxMaintenanceRepository } from '../outbox/outbox-maintenance.repository.js';
import {
  OUTBOX_CLEANUP_BATCH,
  OUTBOX_RETENTION_DAYS,
  type OutboxCleanupOptions,
  type OutboxCleanupSummary,
} from './maintenance.types.js';

/**
 * Housekeeping that keeps tables from growing without bound. Its methods act for the system (a scheduled job, no
 * user), so they take no actor.
 */
@Injectable()
export class MaintenanceService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxMaintenanceRepository,
  ) {}

  /** Deletes remembered API answers past their expiry; returns how many went. */
  async purgeExpiredIdempotencyKeys(now: Date = new Date()): Promise<number> {
    return this.em.fork().nativeDelete(IdempotencyKey, { expiresAt: { $lt: now } });
  }

  /**
   * Deletes the outbox rows the relay processed more than `retentionDays` ago, batch after batch until a batch
   * comes back short. Rows still waiting for the relay are never touched, however old. Each batch commits on its
   * own: a job interrupted halfway has still done its part, and the next run does the rest.
   */
  async cleanupProcessedOutbox(
    now: Date = new Date(),
    options: OutboxCleanupOptions = {},
  ): Promise<OutboxCleanupSummary> {
    const retentionDays = options.retentionDays ?? OUTBOX_RETENTION_DAYS;
    const batchSize = options.batchSize ?? OUTBOX_CLEANUP_BATCH;
    const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600_000);
    const em = this.em.fork();
    let deleted = 0;
    let batches = 0;
    for (;;) {
      const count = await this.outbox.deleteProcessedBefore(em, cutoff, batchSize);
      deleted += count;
      batches += 1;
      if (count < batchSize) break;
    }
    return { deleted, batches, cutoff: cutoff.toISOString() };
  }
}
