import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity.js';

/** Housekeeping that keeps tables from growing without bound. */
@Injectable()
export class MaintenanceService {
  constructor(private readonly em: EntityManager) {}

  /** Deletes remembered API answers past their expiry; returns how many went. */
  async purgeExpiredIdempotencyKeys(now: Date = new Date()): Promise<number> {
    return this.em.fork().nativeDelete(IdempotencyKey, { expiresAt: { $lt: now } });
  }
}
