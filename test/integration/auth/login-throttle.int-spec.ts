import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { AccountsService } from '../../../src/modules/auth/accounts.service.js';
import { AuthError, AuthErrorCode } from '../../../src/modules/auth/auth.errors.js';
import { addressBucket, LOGIN_LIMITS, LoginThrottleService } from '../../../src/modules/auth/login-throttle.service.js';
import { createTrainer, type TrainerFixture, uniqueEmail } from '../../factories/accounts.factory.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

/** A fresh address per test, so no test inherits another's counts. */
function address(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

const wrong = (): Promise<never> => Promise.reject(new AuthError(AuthErrorCode.InvalidCredentials, 'no'));
const right = (): Promise<string> => Promise.resolve('signed in');
/** What the account lookup throws when PostgreSQL is unreachable. */
const outage = (): Promise<never> =>
  Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    return 'infra';
  }
}

describe(LoginThrottleService.name, () => {
  const t = useTestApp();
  let throttle: LoginThrottleService;
  let accounts: AccountsService;
  let trainer: TrainerFixture;

  beforeAll(async () => {
    throttle = t.app.get(LoginThrottleService);
    accounts = await t.app.resolve(AccountsService);
    trainer = await createTrainer(t);
  });

  const fail = (email: string, ip: string) => outcome(throttle.attempt(email, ip, wrong));

  describe('per account and address', () => {
    it('blocks an address after its failures, even for the right password, and says how long to wait', async () => {
      const email = uniqueEmail();
      const ip = address();
      for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit; i += 1)
        expect(await fail(email, ip)).toBe('invalid_credentials');
      const blocked = await throttle.attempt(email, ip, right).catch((error: unknown) => error);
      expect(blocked).toBeInstanceOf(AuthError);
      expect(blocked).toMatchObject({ code: 'too_many_attempts', kind: 'too_many' });
      const retryAfter = (blocked as AuthError).details.retryAfterSeconds as number;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAddress.windowSeconds);
    });

    it('still lets the right password in from an address with no failures', async () => {
      const email = uniqueEmail();
      const attacker = address();
      for (let i = 0; i < 3 * LOGIN_LIMITS.perAccountAddress.limit; i += 1) await fail(email, attacker);
      await expect(throttle.attempt(email, address(), right)).resolves.toBe('signed in');
    });

    it('lets exactly the limit of parallel guesses be checked, never more', async () => {
      const email = uniqueEmail();
      const ip = address();
      let checked = 0;
      const guess = () => {
        checked += 1;
        return new Promise<never>((_resolve, reject) =>
          setTimeout(() => reject(new AuthError(AuthErrorCode.InvalidCredentials, 'no')), 20),
        );
      };
      const results = await Promise.all(Array.from({ length: 30 }, () => outcome(throttle.attempt(email, ip, guess))));
      expect(checked).toBe(LOGIN_LIMITS.perAccountAddress.limit);
      expect(results.filter((r) => r === 'invalid_credentials')).toHaveLength(LOGIN_LIMITS.perAccountAddress.limit);
      expect(results.filter((r) => r === 'too_many_attempts')).toHaveLength(30 - LOGIN_LIMITS.perAccountAddress.limit);
    });

    it('does not count refused attempts, so hammering a blocked door does not deepen the block', async () => {
      const email = uniqueEmail();
      const ip = address();
      for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit; i += 1) await fail(email, ip);
      for (let i = 0; i < 50; i += 1) expect(await fail(email, ip)).toBe('too_many_attempts');
      // Only the real failures reached the account's ceiling: 95 more checked failures from elsewhere still fit.
      const room = LOGIN_LIMITS.perAccount.limit - LOGIN_LIMITS.perAccountAddress.limit;
      for (let i = 0; i < room; i += 1) expect(await fail(email, address())).toBe('invalid_credentials');
    });

    it('clears an address’s failures on the right password, so the owner’s typos do not add up', async () => {
      const email = uniqueEmail();
      const ip = address();
      for (let round = 0; round < 3; round += 1) {
        for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit - 1; i += 1)
          expect(await fail(email, ip)).toBe('invalid_credentials');
        await expect(throttle.attempt(email, ip, right)).resolves.toBe('signed in');
      }
    });
  });

  describe('per address', () => {
    it('blocks one address that sprays many accounts, without blocking those accounts elsewhere', async () => {
      const ip = address();
      for (let i = 0; i < LOGIN_LIMITS.perAddress.limit; i += 1)
        expect(await fail(uniqueEmail(), ip)).toBe('invalid_credentials');
      expect(await fail(uniqueEmail(), ip)).toBe('too_many_attempts');
      await expect(throttle.attempt(uniqueEmail(), ip, right)).rejects.toMatchObject({ code: 'too_many_attempts' });
      await expect(throttle.attempt(uniqueEmail(), address(), right)).resolves.toBe('signed in');
    });

    it('groups IPv6 by /64 and folds IPv4-mapped addresses', () => {
      expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe(addressBucket('2001:0db8:0001:0002:ffff:1:2:3'));
      expect(addressBucket('2001:db8:1:2::1')).not.toBe(addressBucket('2001:db8:1:3::1'));
      expect(addressBucket('::ffff:192.0.2.7')).toBe('192.0.2.7');
      expect(addressBucket('192.0.2.7')).toBe('192.0.2.7');
    });
  });

  describe('per account ceiling', () => {
    it('slows distributed guessing: past the hourly ceiling even a fresh address waits', async () => {
      const email = uniqueEmail();
      for (let i = 0; i < LOGIN_LIMITS.perAccount.limit; i += 1)
        expect(await fail(email, address())).toBe('invalid_credentials');
      const blocked = await throttle.attempt(email, address(), right).catch((error: unknown) => error);
      expect(blocked).toMatchObject({ code: 'too_many_attempts' });
      expect((blocked as AuthError).details.retryAfterSeconds).toBeGreaterThan(
        LOGIN_LIMITS.perAccountAddress.windowSeconds,
      );
    });
  });

  describe('infrastructure errors', () => {
    it('takes back attempts whose password could not be checked, and lets the error through', async () => {
      const email = uniqueEmail();
      const ip = address();
      for (let i = 0; i < 20; i += 1) {
        const error = await throttle.attempt(email, ip, outage).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'ECONNREFUSED' });
      }
      // None of the 20 counted: the full budget of checked failures is still there, then the right password works.
      for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit - 1; i += 1)
        expect(await fail(email, ip)).toBe('invalid_credentials');
      await expect(throttle.attempt(email, ip, right)).resolves.toBe('signed in');
    });

    it('counts an unknown email as a checked failure', async () => {
      const email = uniqueEmail('nobody');
      const ip = address();
      const check = () => inContext(t, () => accounts.authenticate(email, 'guess-guess-guess'));
      for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit; i += 1) {
        expect(await outcome(throttle.attempt(email, ip, check))).toBe('invalid_credentials');
      }
      expect(await outcome(throttle.attempt(email, ip, check))).toBe('too_many_attempts');
    });

    it('signs the real account in through the real password check', async () => {
      const check = () => inContext(t, () => accounts.authenticate(trainer.email, trainer.password));
      await expect(throttle.attempt(trainer.email, address(), check)).resolves.toMatchObject({
        user: { email: trainer.email },
      });
    });
  });
});
