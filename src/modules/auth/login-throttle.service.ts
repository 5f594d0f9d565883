import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import type { Env } from '../../config/env.schema.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';

/** Limits per fixed window. An account is locked sooner than an IP, since an IP may be a whole gym's Wi-Fi. */
export const LOGIN_LIMITS = { windowSeconds: 15 * 60, perAccount: 5, perIp: 30 } as const;

/**
 * Counts failed logins in Redis per account and per IP. Each attempt is counted before the password is
 * checked, so parallel guesses cannot all slip in under the limit, and a success takes its count back:
 * in effect only failures (and attempts in flight) count.
 */
@Injectable()
export class LoginThrottleService {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: ConfigService<Env, true>,
  ) {
    this.prefix = `${config.get('REDIS_PREFIX', { infer: true })}:login`;
  }

  /** Throws too_many when either counter is over its limit; otherwise counts this attempt. */
  async begin(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const results = await this.redis
      .multi()
      .incr(keys.account)
      .expire(keys.account, LOGIN_LIMITS.windowSeconds, 'NX')
      .incr(keys.ip)
      .expire(keys.ip, LOGIN_LIMITS.windowSeconds, 'NX')
      .exec();
    const accountCount = Number(results?.[0]?.[1] ?? 0);
    const ipCount = Number(results?.[2]?.[1] ?? 0);
    if (accountCount > LOGIN_LIMITS.perAccount || ipCount > LOGIN_LIMITS.perIp) {
      const ttl = await this.redis.ttl(accountCount > LOGIN_LIMITS.perAccount ? keys.account : keys.ip);
      const minutes = Math.max(1, Math.ceil(ttl / 60));
      throw new AuthError(
        AuthErrorCode.TooManyAttempts,
        `Too many login attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
        { retryAfterSeconds: Math.max(1, ttl) },
      );
    }
  }

  /** A successful login clears the account's failures and takes back this attempt's count on the IP. */
  async succeeded(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    await this.redis.multi().del(keys.account).decr(keys.ip).exec();
  }

  private keys(email: string, ip: string): { account: string; ip: string } {
    const account = createHash('sha256').update(String(email).trim().toLowerCase()).digest('hex').slice(0, 32);
    return { account: `${this.prefix}:acct:${account}`, ip: `${this.prefix}:ip:${ip}` };
  }
}
