import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CreditsService } from './credits.service.js';

/**
 * The nightly write-off of unused credits, one trainer at a time. A purchase's expiry instant is already the
 * end of its last local day in the trainer's zone (expiry.rules.ts), so "expired at `now`" is zone-correct.
 * Idempotent: the write-off is a conditional update (credits_remaining > 0, rows locked), so a second run, or
 * two workers at once, find nothing left and write no second `expire` row. A credit refunded onto an expired
 * purchase afterwards is written off by the next run, as it should be.
 */
@Injectable()
export class CreditExpiryService {
  constructor(
    private readonly em: EntityManager,
    private readonly credits: CreditsService,
  ) {}

  /** Expires what is due at `now` for one trainer; returns the number of purchases written off. */
  expireDueFor(trainerId: string, now: Date = new Date()): Promise<number> {
    return this.em.fork().transactional((tx) => this.credits.expireDue(tx, now, trainerId));
  }
}
