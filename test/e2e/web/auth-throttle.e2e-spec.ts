import { describe, expect, it } from '@jest/globals';
import { LOGIN_LIMITS } from '../../../src/modules/auth/login-throttle.service.js';
import { createTrainer } from '../../factories/accounts.factory.js';
import { randomAddress, useTestAppBehindProxy } from '../../helpers/client-address.js';
import { WebAgent } from '../../helpers/web-agent.js';

const WRONG = 'wrong-password-here';

describe('POST /login throttling', () => {
  const t = useTestAppBehindProxy();

  async function webLogin(email: string, password: string, address: string, web = new WebAgent(t)) {
    const token = await web.csrf('/login');
    return web.agent
      .post('/login')
      .set('x-forwarded-for', address)
      .type('form')
      .send({ email, password, _csrf: token });
  }

  it('answers 429 with a friendly message to the guessing address, even for the right password', async () => {
    const trainer = await createTrainer(t);
    const attacker = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit; i += 1) {
      expect((await webLogin(trainer.email, WRONG, attacker)).status).toBe(401);
    }
    const blocked = await webLogin(trainer.email, trainer.password, attacker);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many login attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('cannot lock the real user out: the right password from another address signs in', async () => {
    const trainer = await createTrainer(t);
    const attacker = randomAddress();
    for (let i = 0; i < 12; i += 1) await webLogin(trainer.email, WRONG, attacker);
    const owner = new WebAgent(t);
    const res = await webLogin(trainer.email, trainer.password, randomAddress(), owner);
    expect(res.status).toBe(303);
    await owner.agent.get('/dashboard').expect(200);
  });

  it('shares the counts with the API door, which still lets the owner in from elsewhere', async () => {
    const trainer = await createTrainer(t);
    const attacker = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.limit; i += 1) await webLogin(trainer.email, WRONG, attacker);
    const api = (address: string) =>
      t
        .http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', address)
        .send({ email: trainer.email, password: trainer.password });
    await api(attacker).expect(429);
    await api(randomAddress()).expect(200);
  });
});
