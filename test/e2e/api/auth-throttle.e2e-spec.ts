import { describe, expect, it } from '@jest/globals';
import { LOGIN_LIMITS } from '../../../src/modules/auth/login-throttle.service.js';
import { createTrainer } from '../../factories/accounts.factory.js';
import { bearer } from '../../helpers/api-client.js';
import { randomAddress, useTestAppBehindProxy } from '../../helpers/client-address.js';

const WRONG = 'wrong-password-here';

describe('POST /api/v1/auth/login throttling', () => {
  const t = useTestAppBehindProxy();

  const login = (email: string, password: string, address: string) =>
    t.http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ email, password });

  it('blocks the guessing address with 429 problem+json, even for the right password', async () => {
    const trainer = await createTrainer(t);
    const attacker = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit; i += 1)
      await login(trainer.email, WRONG, attacker).expect(401);
    const blocked = await login(trainer.email, trainer.password, attacker).expect(429);
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(blocked.body).toMatchObject({
      status: 429,
      code: 'too_many_attempts',
      retryAfterSeconds: expect.any(Number),
    });
    expect(blocked.body.detail).toContain('Too many login attempts');
  });

  it('cannot lock the real user out: the right password from another address still signs in', async () => {
    const trainer = await createTrainer(t);
    const attacker = randomAddress();
    // Well past the old limit of 5, and the attacker keeps going after being refused.
    for (let i = 0; i < 12; i += 1) await login(trainer.email, WRONG, attacker);
    const res = await login(trainer.email, trainer.password, randomAddress()).expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken)).expect(200);
  });

  it('lets no more than the limit of parallel guesses from one address through to the password check', async () => {
    const trainer = await createTrainer(t);
    const attacker = randomAddress();
    const results = await Promise.all(Array.from({ length: 15 }, () => login(trainer.email, WRONG, attacker)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.perAccountAddress.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15 - LOGIN_LIMITS.perAccountAddress.limit);
  });

  it('forgets an address’s failures once it gives the right password', async () => {
    const trainer = await createTrainer(t);
    const address = randomAddress();
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit - 1; i += 1)
        await login(trainer.email, WRONG, address).expect(401);
      await login(trainer.email, trainer.password, address).expect(200);
    }
  });
});
