import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { apiLogin, bearer } from '../helpers/api-client.js';
import { useTestApp } from '../helpers/test-app.js';
import { WebAgent } from '../helpers/web-agent.js';
import { collectRoutes, type AppRoute } from '../reliability/support/route-table.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('Cache-Control', () => {
  const t = useTestApp();
  let getRoutes: AppRoute[];
  let web: WebAgent;
  let accessToken: string;

  beforeAll(async () => {
    // Parameterless GETs, read from the route table so a new page or endpoint is covered without editing this file.
    getRoutes = collectRoutes(t.app).routes.filter(
      (route) => route.method === 'GET' && route.params.length === 0 && route.roles.length === 0,
    );
    const trainer = await createTrainer(t);
    web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    ({ accessToken } = await apiLogin(t, trainer.email, trainer.password));
  });

  it('marks every signed-in web page and fragment no-store', async () => {
    const routes = getRoutes.filter((route) => route.door === 'web');
    expect(routes.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const route of routes) {
      for (const headers of [{}, PARTIAL]) {
        const res = await web.agent.get(route.path).set(headers);
        if (res.headers['cache-control'] !== 'no-store')
          wrong.push(`GET ${route.path} (${res.status}): ${res.headers['cache-control']}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('marks every API answer no-store, signed in or not', async () => {
    const routes = getRoutes.filter((route) => route.door === 'api');
    expect(routes.length).toBeGreaterThan(3);
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await t.http().get(route.path).set(bearer(accessToken));
      if (res.headers['cache-control'] !== 'no-store')
        wrong.push(`GET ${route.path} (${res.status}): ${res.headers['cache-control']}`);
    }
    expect(wrong).toEqual([]);
    const anonymous = await t.http().get('/api/v1/clients').expect(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });

  it('marks the API token answers no-store (they carry tokens)', async () => {
    const trainer = await createTrainer(t);
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: trainer.email, password: trainer.password })
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('marks form posts, redirects and errors of a signed-in trainer no-store', async () => {
    const token = await web.csrf('/clients');
    const created = await web.agent
      .post('/clients/create')
      .type('form')
      .send({ _csrf: token, name: 'Cache Test' })
      .expect(303);
    expect(created.headers['cache-control']).toBe('no-store');
    const invalid = await web.agent.post('/clients/create').type('form').send({ _csrf: token, name: '' }).expect(422);
    expect(invalid.headers['cache-control']).toBe('no-store');
    const missing = await web.agent.get('/clients/0b6d3c2e-8f1a-4c55-9b0e-2f4d6a8c1e37').expect(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it.each(['/login', '/register'])('marks the signed-out %s page no-store (it carries a CSRF token)', async (path) => {
    const res = await t.http().get(path).expect(200);
    expect(res.text).toContain('name="_csrf"');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(['/assets/app.css', '/assets/vendor/htmx/htmx.min.js'])(
    'keeps the static asset %s cacheable',
    async (path) => {
      const res = await t.http().get(path).expect(200);
      expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
      expect(res.headers['cache-control']).not.toContain('no-store');
    },
  );
});
