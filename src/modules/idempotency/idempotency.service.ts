import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdempotencyKey, IdempotencyState } from './idempotency-key.entity.js';

export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

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
      return { kind: 'claimed', id: row.id };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
    const existing = await this.em.fork().findOneOrFail(IdempotencyKey, { user: actor.userId, key });
    if (existing.requestHash !== requestHash || existing.route !== route) {
      throw new DomainError(
        'idempotency_key_reused',
        'invalid',
        'This Idempotency-Key was already used for a different request.',
      );
    }
    if (existing.state === IdempotencyState.InProgress) {
      throw new DomainError(
        'idempotency_in_progress',
        'conflict',
        'A request with this Idempotency-Key is still being processed. Retry shortly.',
      );
    }
    return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
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
