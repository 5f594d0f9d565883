import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { useTestApp } from '../../helpers/test-app.js';

/** Far above any login limit, so the loop ends on the first 429 whatever the limits are tuned to. */
const MAX_ATTEMPTS = 60;

describe('API Retry-After', () => {
  const t = useTestApp();

  it('sends Retry-After with a throttled 429, matching the problem body', async () => {
    const trainer = await createTrainer(t);
    let res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: trainer.email, password: 'wrong-password-guess-0' });
    for (let attempt = 1; attempt < MAX_ATTEMPTS && res.status !== 429; attempt++) {
      res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: trainer.email, password: `wrong-password-guess-${attempt}` });
    }
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const header = Number(res.headers['retry-after']);
    expect(Number.isInteger(header) && header > 0).toBe(true);
    expect(header).toBe(Math.ceil(res.body.retryAfterSeconds));
  });
});
