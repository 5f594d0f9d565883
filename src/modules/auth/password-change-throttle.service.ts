import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import type { Env } from '../../config/env.schema.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { FailureCounters } from './failure-counters.js';

/**
 * Wrong current passwords per account. Only a signed-in session can try, so a stolen session can't turn
 * the password form into an unthrottled guessing oracle; the owner's own typos rarely reach five.
 */
export const PASSWORD_CHANGE_LIMITS = { limit: 5, windowSeconds: 15 * 60 } as const;

/** Throttles current-password checks when changing a password, on any door. */
@Injectable()
export class PasswordChangeThrottleService {
  private readonly prefix: string;
  private readonly counters: FailureCounters;

  constructor(@Inject(REDIS) redis: Redis, config: ConfigService<Env, true>) {
    this.prefix = `${config.get('REDIS_PREFIX', { infer: true })}:password-change`;
    this.counters = new FailureCounters(redis);
  }

  /**
   * Runs `change` under the limit. Only a wrong current password keeps its count; the right one clears the
   * account's failures, and an error before or after the check (a weak new password, an outage) is taken back.
   */
  attempt<T>(userId: string, change: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}:${userId}`;
    return this.counters.run({
      counters: [{ key, ...PASSWORD_CHANGE_LIMITS }],
      clearOnPass: [key],
      check: change,
      isCheckedFailure: (error) => error instanceof AuthError && error.code === AuthErrorCode.WrongPassword,
      tooMany: (retryAfterSeconds) => {
        const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
        const message = `Too many wrong current passwords. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
        return new AuthError(AuthErrorCode.TooManyAttempts, message, {
          retryAfterSeconds,
          fields: { currentPassword: [message] },
        });
      },
    });
  }
}
