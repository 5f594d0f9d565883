import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdempotencyKey, IdempotencyState } from './idempotency-key.entity.js';

export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;
/** Claims tried while the key keeps changing hands under us; past this the caller is told to retry. */
const CLAIM_ATTEMPTS = 3;

export type IdempotencyClaim = { kind: 'claimed'; id: string } | { kind: 'replay'; status: number; body: unknown };

/**
 * Remembers the answer to a POST carrying an Idempotency-Key, per user. A retry with the same key and body
 * gets the first answer back; the same key with another body is refused; a retry while the first is still
 * running is told so. Rows live in their own short transactions so concurrent requests see each other's claims.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly em: EntityManager) {}

  async claim(actor: Actor, key: string, route: string, body: unknown): Promise<IdempotencyClaim> {
    if (!KEY_SHAPE.test(key)) {
      throw new DomainError(
        'invalid_idempotency_key',
        'invalid',
        'Idempotency-Key must be 1–255 visible ASCII characters.',
        {
          fields: { 'Idempotency-Key': ['must be 1–255 visible ASCII characters'] },
        },
      );
    }
    const requestHash = createHash('sha256')
      .update(`${route}\n${JSON.stringify(body ?? null)}`)
      .digest('hex');
    // The key is taken, but the row that took it can be released (its request failed and changed nothing)
    // between our insert and our read: then the key is free again, and the claim is simply tried again.
    for (let attempt = 1; ; attempt += 1) {
      const claimed = await this.insertClaim(actor, key, route, requestHash);
      if (claimed) return { kind: 'claimed', id: claimed };
      const existing = await this.em.fork().findOne(IdempotencyKey, { user: actor.userId, key });
      if (existing) return this.answerFor(existing, route, requestHash);
      if (attempt === CLAIM_ATTEMPTS) throw this.inProgress();
    }
  }

  /** The new claim's id, or null when the user already holds this key. */
  private async insertClaim(actor: Actor, key: string, route: string, requestHash: string): Promise<string | null> {
    const em = this.em.fork();
    await em.nativeDelete(IdempotencyKey, { user: actor.userId, key, expiresAt: { $lt: new Date() } });
    const row = em.create(IdempotencyKey, {
      user: actor.userId,
      key,
      route,
      requestHash,
      expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_HOURS * 3_600_000),
    });
    try {
      await em.flush();
      return row.id;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return null;
    }
  }

  private answerFor(existing: IdempotencyKey, route: string, requestHash: string): IdempotencyClaim {
    if (existing.requestHash !== requestHash || existing.route !== route) {
      throw new DomainError(
        'idempotency_key_reused',
        'invalid',
        'This Idempotency-Key was already used for a different request.',
      );
    }
    if (existing.state === IdempotencyState.InProgress) throw this.inProgress();
    return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
  }

  private inProgress(): DomainError {
    return new DomainError(
      'idempotency_in_progress',
      'conflict',
      'A request with this Idempotency-Key is still being processed. Retry shortly.',
    );
  }

  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        IdempotencyKey,
        { id },
        { state: IdempotencyState.Completed, responseStatus: status, responseBody: body as object },
      );
  }

  /** The work failed and changed nothing: forget the claim so a retry runs it again. */
  async release(id: string): Promise<void> {
    await this.em.fork().nativeDelete(IdempotencyKey, { id });
  }
}
