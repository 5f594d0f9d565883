import { Injectable } from '@nestjs/common';
import type { Account } from './auth.types.js';

/** What AccountsRepository.findAccount answers for a user that exists. */
export interface FoundAccount {
  account: Account;
  hasTrainer: boolean;
}

/** How long an account stays cached: a safety net only, since every change also evicts it (see below). */
export const ACTOR_CACHE_MS = 5_000;
/** Accounts held at most; the oldest goes first. A web process serves far fewer signed-in users at once. */
export const ACTOR_CACHE_ENTRIES = 10_000;

/**
 * The signed-in account per user id, held for a few seconds so that a signed-in request runs no statement to
 * learn who is asking (issue 11: that statement was a third of a trivial route's CPU). It is safe because
 * every change evicts at once, whoever makes it:
 * - PostgreSQL triggers NOTIFY `actor_changed` on every insert, update or delete of users and trainers (a
 *   password change, a role change, a deleted account, a settings change, by any process or by hand);
 *   ActorChangeListener evicts the user in every web process.
 * - This process's own writes also evict synchronously, before their transaction commits (ActorChangeSubscriber),
 *   so the next request of the client that made the change never sees the old account.
 * - While the listener is not connected (at boot, after a lost connection) the cache is dark: nothing is read
 *   from it or put into it, and it is emptied, so a missed notification can never leave a stale entry behind.
 * - A read that raced an eviction is not stored: `ticket()` before the query, `put()` after it, and any eviction
 *   in between makes the ticket stale.
 * Entries are frozen: they are shared by every request of the user.
 */
@Injectable()
export class ActorCache {
  private readonly entries = new Map<string, { found: FoundAccount; until: number }>();
  private epoch = 0;
  private live = false;

  get(userId: string, now = Date.now()): FoundAccount | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    if (entry.until > now) return entry.found;
    this.entries.delete(userId);
    return undefined;
  }

  /** Taken before reading an account; put() stores the result only if no eviction happened in between. */
  ticket(): number {
    return this.epoch;
  }

  put(userId: string, found: FoundAccount, ticket: number, now = Date.now()): void {
    if (!this.live || ticket !== this.epoch) return;
    if (this.entries.size >= ACTOR_CACHE_ENTRIES && !this.entries.has(userId)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(userId, { found: deepFreeze(found), until: now + ACTOR_CACHE_MS });
  }

  forget(userId: string): void {
    this.epoch += 1;
    this.entries.delete(userId);
  }

  forgetAll(): void {
    this.epoch += 1;
    this.entries.clear();
  }

  /** The listener is connected and LISTENing: from now on every change reaches forget(). */
  goLive(): void {
    this.forgetAll();
    this.live = true;
  }

  /** The listener lost its connection: changes may go unseen, so nothing cached may be trusted. */
  goDark(): void {
    this.live = false;
    this.forgetAll();
  }

  get size(): number {
    return this.entries.size;
  }

  get isLive(): boolean {
    return this.live;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
