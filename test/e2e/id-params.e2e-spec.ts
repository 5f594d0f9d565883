import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { apiLogin, bearer } from '../helpers/api-client.js';
import { useTestApp } from '../helpers/test-app.js';
import { WebAgent } from '../helpers/web-agent.js';
import { collectRoutes, fillPath, type AppRoute } from '../reliability/support/route-table.js';

/**
 * Ids that cannot exist. The router refuses path parameters over 200 characters itself (414 problem+json), so
 * the longest one may answer that instead of 404; neither may ever be a 5xx.
 */
const IMPOSSIBLE_IDS: Array<{ label: string; id: string; statuses: number[] }> = [
  { label: '"abc"', id: 'abc', statuses: [404] },
  { label: 'a UUID with a bad character', id: '0b6d3c2e-8f1a-4c55-9b0e-2f4d6a8c1e3z', statuses: [404] },
  { label: 'a 150-character id', id: 'a'.repeat(150), statuses: [404] },
  { label: 'a 300-character id', id: 'b'.repeat(300), statuses: [404, 414] },
  { label: 'an id with SQL in it', id: "1' or '1'='1", statuses: [404] },
];

type Requester = Pick<WebAgent['agent'], 'get' | 'post' | 'patch' | 'put' | 'delete'>;

function send(requester: Requester, route: AppRoute, path: string) {
  return requester[route.method.toLowerCase() as keyof Requester](path);
}

describe('Path ids', () => {
  const t = useTestApp();
  let routes: AppRoute[];
  let web: WebAgent;
  let token: string;
  let accessToken: string;

  beforeAll(async () => {
    routes = collectRoutes(t.app).routes.filter((route) => route.params.length > 0 && route.roles.length === 0);
    const trainer = await createTrainer(t);
    web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    token = await web.csrf('/settings');
    ({ accessToken } = await apiLogin(t, trainer.email, trainer.password));
  });

  it('finds the id routes of both doors in the route table', () => {
    const doors = new Set(routes.map((route) => route.door));
    // 'open': the e-mail opt-out links, whose only credential is a signed token in the path.
    expect(doors).toEqual(new Set(['web', 'api', 'open']));
    // Guards against a reader that silently finds nothing: the seed alone has dozens.
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['POST /settings/devices/:familyId/revoke', 'GET /api/v1/clients/:id']),
    );
  });

  describe.each(IMPOSSIBLE_IDS)('given $label', ({ id, statuses }) => {
    it('every API route answers 404 problem+json, never a 5xx', async () => {
      const failures: string[] = [];
      for (const route of routes.filter((r) => r.door === 'api')) {
        const params = Object.fromEntries(route.params.map((name) => [name, id]));
        const res = await send(t.http(), route, fillPath(route.path, params)).set(bearer(accessToken)).send({});
        const problemJson = String(res.headers['content-type']).startsWith('application/problem+json');
        if (!statuses.includes(res.status) || !problemJson)
          failures.push(`${route.method} ${route.path}: ${res.status} ${res.headers['content-type']}`);
        else if (res.status === 404) expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
      }
      expect(failures).toEqual([]);
    });

    it('every web route answers 404 with the error page, or a #flash fragment for htmx, never a 5xx', async () => {
      const failures: string[] = [];
      for (const route of routes.filter((r) => r.door === 'web')) {
        const params = Object.fromEntries(route.params.map((name) => [name, id]));
        const path = fillPath(route.path, params);
        const plain = await send(web.agent, route, path)
          .set({ 'x-csrf-token': token })
          .type('form')
          .send({ _csrf: token });
        if (!statuses.includes(plain.status) || !String(plain.headers['content-type']).startsWith('text/html')) {
          failures.push(`${route.method} ${route.path}: ${plain.status} ${plain.headers['content-type']}`);
          continue;
        }
        if (plain.status === 404) expect(plain.text).toContain('<html');
        const htmx = await send(web.agent, route, path)
          .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'x-csrf-token': token })
          .type('form')
          .send({ _csrf: token });
        if (!statuses.includes(htmx.status)) failures.push(`htmx ${route.method} ${route.path}: ${htmx.status}`);
        else if (htmx.status === 404) expect(htmx.headers['hx-retarget']).toBe('#flash');
      }
      expect(failures).toEqual([]);
    });

    it('every open route (a signed token in the path) answers 404 with no session, never a 5xx', async () => {
      const failures: string[] = [];
      const open = routes.filter((r) => r.door === 'open');
      expect(open.length).toBeGreaterThan(0);
      for (const route of open) {
        const params = Object.fromEntries(route.params.map((name) => [name, id]));
        const res = await send(t.http(), route, fillPath(route.path, params)).type('form').send({});
        if (!statuses.includes(res.status)) failures.push(`${route.method} ${route.path}: ${res.status}`);
      }
      expect(failures).toEqual([]);
    });
  });

  it.each(['/api/v1/clients', '/api/v1/bookings', '/api/v1/payments'])(
    'refuses a cursor on %s whose id is not a UUID (4xx, never 500)',
    async (path) => {
      const cursor = Buffer.from(JSON.stringify(['x', '-'.repeat(36)])).toString('base64url');
      const res = await t.http().get(path).query({ cursor }).set(bearer(accessToken));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
    },
  );

  it('still serves a real id written in upper case', async () => {
    const res = await t
      .http()
      .post('/api/v1/clients')
      .set(bearer(accessToken))
      .send({ name: 'Upper Case' })
      .expect(201);
    const upper = String(res.body.id).toUpperCase();
    const got = await t.http().get(`/api/v1/clients/${upper}`).set(bearer(accessToken)).expect(200);
    expect(got.body.id).toBe(res.body.id);
  });
});
