import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import type { Env } from '../../config/env.schema.js';
import type { ClientInfo } from './auth.types.js';

export const SESSION_IDLE_SECONDS = 7 * 24 * 3600;
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 3600;
/** lastSeenAt is written at most this often, so browsing does not turn every page view into a Redis write. */
const TOUCH_EVERY_MS = 60_000;

export interface WebSession {
  /** sha256 of the cookie value: the Redis key and the handle shown in settings. The cookie itself is never stored. */
  handle: string;
  userId: string;
  authVersion: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  ip: string;
  userAgent: string;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Server-side browser sessions in Redis. Deleting a key ends a session at once, which is what makes logout,
 * "log out everywhere" and password changes take effect immediately.
 */
@Injectable()
export class WebSessionService {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: ConfigService<Env, true>,
  ) {
    this.prefix = `${config.get('REDIS_PREFIX', { infer: true })}:web`;
  }

  /** Starts a new session (a new id, so an id planted before login is worthless) and returns the cookie value. */
  async create(
    userId: string,
    authVersion: number,
    client: ClientInfo,
  ): Promise<{ cookieValue: string; session: WebSession }> {
    const cookieValue = randomBytes(32).toString('base64url');
    const now = Date.now();
    const session: WebSession = {
      handle: digest(cookieValue),
      userId,
      authVersion,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, 300),
    };
    await this.redis
      .multi()
      .set(this.sessionKey(session.handle), JSON.stringify(session), 'EX', SESSION_IDLE_SECONDS)
      .sadd(this.userKey(userId), session.handle)
      .expire(this.userKey(userId), SESSION_ABSOLUTE_SECONDS)
      .exec();
    return { cookieValue, session };
  }

  /** The live session for a cookie value, or null if it is unknown, idle too long or past its absolute age. */
  async load(cookieValue: string | undefined): Promise<WebSession | null> {
    if (!cookieValue || cookieValue.length > 100) return null;
    const handle = digest(cookieValue);
    const raw = await this.redis.get(this.sessionKey(handle));
    if (!raw) return null;
    const session = JSON.parse(raw) as WebSession;
    const now = Date.now();
    if (now - session.createdAt > SESSION_ABSOLUTE_SECONDS * 1000) {
      await this.destroy(session.userId, handle);
      return null;
    }
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) {
      session.lastSeenAt = now;
      await this.redis.set(this.sessionKey(handle), JSON.stringify(session), 'EX', SESSION_IDLE_SECONDS, 'XX');
    }
    return session;
  }

  /** Ends one of the user's sessions. A handle that is not theirs ends nothing and answers false. */
  async destroy(userId: string, handle: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(handle) || !(await this.redis.sismember(this.userKey(userId), handle))) return false;
    await this.redis.multi().del(this.sessionKey(handle)).srem(this.userKey(userId), handle).exec();
    return true;
  }

  /** Ends every session of a user, optionally keeping one (the one making the request). */
  async destroyAll(userId: string, keepHandle?: string): Promise<number> {
    const handles = await this.redis.smembers(this.userKey(userId));
    const doomed = handles.filter((handle) => handle !== keepHandle);
    if (doomed.length === 0) return 0;
    await this.redis
      .multi()
      .del(...doomed.map((handle) => this.sessionKey(handle)))
      .srem(this.userKey(userId), ...doomed)
      .exec();
    return doomed.length;
  }

  /** The user's live sessions, newest activity first; stale handles are pruned on the way. */
  async list(userId: string): Promise<WebSession[]> {
    const handles = await this.redis.smembers(this.userKey(userId));
    if (handles.length === 0) return [];
    const raws = await this.redis.mget(...handles.map((handle) => this.sessionKey(handle)));
    const stale = handles.filter((_, index) => raws[index] === null);
    if (stale.length > 0) await this.redis.srem(this.userKey(userId), ...stale);
    return raws
      .filter((raw): raw is string => raw !== null)
      .map((raw) => JSON.parse(raw) as WebSession)
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  }

  private sessionKey(handle: string): string {
    return `${this.prefix}:sess:${handle}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}:user:${userId}`;
  }
}
