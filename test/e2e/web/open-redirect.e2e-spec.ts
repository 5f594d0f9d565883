import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

/** ?next= values that once resolved (or could resolve) to another host. */
const HOSTILE_NEXT = [
  '/a/..//evil.example',
  '/.//evil.example',
  '/a/b/../..//evil.example',
  '/a/%2e%2e//evil.example',
  '/%2F%2Fevil.example',
  '/%5C%5Cevil.example',
  '//evil.example',
  '/\\evil.example',
  '/\t/evil.example',
  'https://evil.example/',
];

/** A browser resolves Location against the page's URL; it must stay on this site. */
function expectSameSite(location: unknown): void {
  expect(typeof location).toBe('string');
  expect(new URL(String(location), 'https://trainerhub.test/login').origin).toBe('https://trainerhub.test');
}

describe('Login ?next= redirects', () => {
  const t = useTestApp();
  let trainer: TrainerFixture;
  let web: WebAgent;

  beforeAll(async () => {
    trainer = await createTrainer(t);
    web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
  });

  describe('GET /login when signed in', () => {
    it.each(HOSTILE_NEXT)('never sends the browser off-site for next=%p', async (next) => {
      const res = await web.agent.get(`/login?next=${encodeURIComponent(next)}`).expect(303);
      expectSameSite(res.headers.location);
      expect(res.headers.location).toBe('/dashboard');
    });

    it('still honours a same-site next', async () => {
      const res = await web.agent.get(`/login?next=${encodeURIComponent('/clients?status=all')}`).expect(303);
      expect(res.headers.location).toBe('/clients?status=all');
    });

    it('answers the reported request exactly with the dashboard, not //evil.example', async () => {
      const res = await web.agent.get('/login?next=%2Fa%2F..%2F%2Fevil.example').expect(303);
      expect(res.headers.location).toBe('/dashboard');
    });
  });

  describe('POST /login', () => {
    it.each(HOSTILE_NEXT)('never sends the browser off-site for next=%p', async (next) => {
      const res = await new WebAgent(t).login(trainer.email, trainer.password, next);
      expect(res.status).toBe(303);
      expectSameSite(res.headers.location);
      expect(res.headers.location).toBe('/dashboard');
    });

    it('sends htmx a same-site HX-Location too', async () => {
      const visitor = new WebAgent(t);
      const token = await visitor.csrf('/login');
      const res = await visitor.agent
        .post('/login')
        .set({ 'HX-Request': 'true', 'x-csrf-token': token })
        .type('form')
        .send({ email: trainer.email, password: trainer.password, next: '/a/..//evil.example' })
        .expect(200);
      expect(res.headers['hx-location']).toBe('/dashboard');
    });

    it('does not echo a hostile next into the login form', async () => {
      const res = await t.http().get('/login?next=%2Fa%2F..%2F%2Fevil.example').expect(200);
      expect(res.text).toContain('name="next" value=""');
    });
  });
});
