import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import type { Env } from '../../config/env.schema.js';
import { normaliseEmail } from '../../common/validation/validators.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { FailureCounters, type FailureCounter } from './failure-counters.js';

/**
 * Failed-login limits (OWASP: lockout must not become a denial of service).
 * - Per account and address: what stops guessing, and all an attacker can close is their own door.
 * - Per address: one address spraying many accounts. Generous, since an address may be a whole gym's Wi-Fi.
 * - Per account: a high ceiling over an hour that only distributed guessing reaches.
 */
export const LOGIN_LIMITS = {
  perAccountAddress: { limit: 5, windowSeconds: 15 * 60 },
  perAddress: { limit: 100, windowSeconds: 15 * 60 },
  perAccount: { limit: 100, windowSeconds: 60 * 60 },
} as const;

/**
 * The throttle key for a client address. IPv4-mapped IPv6 is folded to IPv4, and IPv6 is grouped by its /64,
 * the block one subscriber usually holds, so rotating through it doesn't reset the limits.
 */
export function addressBucket(ip: string): string {
  const plain = String(ip).split('%')[0] ?? '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(plain);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(plain)) return plain;
  const [head = '', tail] = plain.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.padStart(4, '0'))
    .join(':')}::/64`;
}

/**
 * Throttles password checks at login on both doors. Each attempt is counted before the password is checked,
 * so parallel guesses cannot all slip in under a limit; afterwards only a checked wrong password (or an
 * unknown email, which costs the same dummy hash) keeps its count. An attempt that could not be checked
 * (the database is down) is taken back, so an outage never locks anyone out.
 */
@Injectable()
export class LoginThrottleService {
  private readonly prefix: string;
  private readonly counters: FailureCounters;

  constructor(@Inject(REDIS) redis: Redis, config: ConfigService<Env, true>) {
    this.prefix = `${config.get('REDIS_PREFIX', { infer: true })}:login`;
    this.counters = new FailureCounters(redis);
  }

  /** Runs `check` (the password check) under the limits; throws too_many_attempts when one is reached. */
  attempt<T>(email: string, ip: string, check: () => Promise<T>): Promise<T> {
    const keys = this.keys(email, ip);
    const counters: FailureCounter[] = [
      { key: keys.accountAddress, ...LOGIN_LIMITS.perAccountAddress },
      { key: keys.address, ...LOGIN_LIMITS.perAddress },
      { key: keys.account, ...LOGIN_LIMITS.perAccount },
    ];
    return this.counters.run({
      counters,
      // The right password from this address wipes its failures here; the account's hourly ceiling keeps
      // other addresses' failures, or a guesser could reset it by waiting for the owner to log in.
      clearOnPass: [keys.accountAddress],
      check,
      isCheckedFailure: (error) => error instanceof AuthError && error.code === AuthErrorCode.InvalidCredentials,
      tooMany: (retryAfterSeconds) => {
        const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
        return new AuthError(
          AuthErrorCode.TooManyAttempts,
          `Too many login attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
          { retryAfterSeconds },
        );
      },
    });
  }

  private keys(email: string, ip: string): { accountAddress: string; address: string; account: string } {
    const account = createHash('sha256')
      .update(normaliseEmail(String(email)))
      .digest('hex')
      .slice(0, 32);
    const address = addressBucket(ip);
    return {
      accountAddress: `${this.prefix}:acct-ip:${account}:${address}`,
      address: `${this.prefix}:ip:${address}`,
      account: `${this.prefix}:acct:${account}`,
    };
  }
}
