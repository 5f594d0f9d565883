import { describe, expect, it } from '@jest/globals';
import { PASSWORD_CHANGE_LIMITS } from '../../../src/modules/auth/password-change-throttle.service.js';
import { createTrainer } from '../../factories/accounts.factory.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const NEW_PASSWORD = 'rowing-machine-at-dawn';
const LIMIT = PASSWORD_CHANGE_LIMITS.limit;

describe('POST /settings/password throttling', () => {
  const t = useTestApp();

  async function signedIn() {
    const trainer = await createTrainer(t);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    return { trainer, web };
  }

  const change = (web: WebAgent, currentPassword: string, newPassword = NEW_PASSWORD) =>
    web.post('/settings/password', { currentPassword, newPassword, confirmPassword: newPassword });

  it('checks only the limit of wrong current passwords, then answers 429 with a field message', async () => {
    const { web } = await signedIn();
    const statuses: number[] = [];
    for (let guess = 0; guess < 12; guess += 1) statuses.push((await change(web, `guess-number-${guess}`)).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(422), ...Array<number>(12 - LIMIT).fill(429)]);

    const blocked = await change(web, 'one-more-guess');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.text).toContain('Too many wrong current passwords');
    expect(blocked.text).toContain('id="settings-password"');
  });

  it('refuses the right current password too while blocked, and on every session of the account', async () => {
    const { trainer, web } = await signedIn();
    for (let guess = 0; guess < LIMIT; guess += 1) await change(web, `guess-number-${guess}`);
    const other = new WebAgent(t);
    await other.login(trainer.email, trainer.password);
    expect((await change(other, trainer.password)).status).toBe(429);
    expect((await change(web, trainer.password)).status).toBe(429);
  });

  it('answers an htmx post with the password card and its message, as a 429', async () => {
    const { web } = await signedIn();
    for (let guess = 0; guess < LIMIT; guess += 1) await change(web, `guess-number-${guess}`);
    const token = await web.csrf('/settings');
    const res = await web.agent
      .post('/settings/password')
      .set('HX-Request', 'true')
      .set('HX-Request-Type', 'partial')
      .set('x-csrf-token', token)
      .type('form')
      .send({ currentPassword: 'guess-again', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.text).toContain('Too many wrong current passwords');
    expect(res.text).not.toContain('<html');
  });

  it('resets the count when the right current password is given', async () => {
    const { trainer, web } = await signedIn();
    for (let guess = 0; guess < LIMIT - 1; guess += 1)
      expect((await change(web, `guess-number-${guess}`)).status).toBe(422);
    expect((await change(web, trainer.password)).status).toBe(303);
    // A fresh budget: the same number of typos again is still answered as a wrong password, not a block.
    for (let guess = 0; guess < LIMIT - 1; guess += 1)
      expect((await change(web, `guess-number-${guess}`, 'another-strong-passphrase')).status).toBe(422);
    expect((await change(web, NEW_PASSWORD, 'another-strong-passphrase')).status).toBe(303);
  });

  it('does not count a weak new password, which never gets as far as the current password check', async () => {
    const { trainer, web } = await signedIn();
    for (let i = 0; i < LIMIT + 2; i += 1)
      expect((await change(web, `guess-number-${i}`, 'password123')).status).toBe(422);
    expect((await change(web, trainer.password)).status).toBe(303);
  });
});
