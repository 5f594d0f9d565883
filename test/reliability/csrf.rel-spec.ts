import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { useTestApp } from '../helpers/test-app.js';
import { recordFigures } from './figures.js';
import { gist, webCall } from './support/http.js';
import { kindOfPathParam } from './support/id-kinds.js';
import { SIGNED_TOKEN_ROUTES } from './support/isolation-plan.js';
import { collectRoutes, fillPath, routeKey, type AppRoute } from './support/route-table.js';
import { webFormSample } from './support/samples.js';
import { rawClient, rowDiff, tenantRows } from './support/tenant-snapshot.js';
import { freshId, seedTwoTenants, webSignIn, type Tenant } from './support/tenants.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const EVIL_ORIGIN = 'https://evil.example';

interface Attack {
  name: string;
  headers: (tokens: { own: string; otherSession: string; otherUser: string }) => Record<string, string>;
  /** The _csrf form field, if the attack puts a token in the body. */
  field?: (tokens: { own: string; otherSession: string; otherUser: string }) => string;
  htmx?: boolean;
}

const forged = () => randomBytes(32).toString('base64url');

/** Each is refused by itself: a token that is missing, wrong or someone else's, or a good token sent cross-site. */
const ATTACKS: Attack[] = [
  { name: 'no token', headers: () => ({}) },
  { name: 'no token (htmx)', headers: () => ({}), htmx: true },
  { name: 'wrong token in the header', headers: () => ({ 'x-csrf-token': forged() }) },
  { name: 'wrong token in the form', headers: () => ({}), field: () => forged() },
  { name: 'empty token', headers: () => ({ 'x-csrf-token': '' }), field: () => '' },
  { name: 'another user’s valid token', headers: (tokens) => ({ 'x-csrf-token': tokens.otherUser }) },
  { name: 'the same user’s other session’s token', headers: () => ({}), field: (tokens) => tokens.otherSession },
  {
    name: 'valid token, cross-site Origin',
    headers: (tokens) => ({ 'x-csrf-token': tokens.own, origin: EVIL_ORIGIN }),
  },
  {
    name: 'valid token, Sec-Fetch-Site cross-site',
    headers: (tokens) => ({ 'x-csrf-token': tokens.own, 'sec-fetch-site': 'cross-site' }),
  },
  {
    name: 'valid token, Sec-Fetch-Site same-site',
    headers: (tokens) => ({ 'x-csrf-token': tokens.own, 'sec-fetch-site': 'same-site' }),
  },
  {
    name: 'valid form token, cross-site Origin and Sec-Fetch-Site',
    headers: () => ({ origin: EVIL_ORIGIN, 'sec-fetch-site': 'cross-site' }),
    field: (tokens) => tokens.own,
  },
];

/**
 * CSRF for every unsafe web route, generated from the route table. Signed in as trainer A, each forged request
 * must answer 403 and change nothing; the same request with A's own token from A's own page must not.
 */
describe('CSRF (generated from the route table)', () => {
  const t = useTestApp();
  let routes: AppRoute[];
  let a: Tenant;
  let b: Tenant;
  let db: pg.Client;

  beforeAll(async () => {
    // Signed-token routes (e-mail opt-out) have no session to forge a request for: see SIGNED_TOKEN_ROUTES.
    routes = collectRoutes(t.app).routes.filter(
      (route) => UNSAFE.has(route.method) && !route.path.startsWith('/api/') && !SIGNED_TOKEN_ROUTES[routeKey(route)],
    );
    ({ a, b } = await seedTwoTenants(t));
    db = await rawClient();
  }, 60_000);

  afterAll(async () => {
    await db?.end();
  });

  it('finds every unsafe web route, each behind the web guard', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((route) => route.door !== 'web').map(routeKey)).toEqual([]);
    expect(
      routes.filter((route) => route.params.some((param) => !kindOfPathParam(route.path, param))).map(routeKey),
    ).toEqual([]);
  });

  it('refuses a missing, wrong or foreign token and a cross-site origin on every unsafe web route, and nothing changes', async () => {
    const figures = { requestsTried: 0, csrfAccepted: 0, serverErrors: 0 };
    const accepted: string[] = [];
    const unproven: string[] = [];
    let session = await webSignIn(t, a.email, a.password);
    for (const route of routes) {
      // Fresh rows per route, since the control request may delete or revoke what it names.
      const values: Record<string, string> = {};
      for (const param of route.params)
        values[param] = await freshId(t, a, kindOfPathParam(route.path, param) ?? 'client');
      const url = fillPath(route.path, values);
      const tokens = { own: session.csrf, otherSession: a.csrf, otherUser: b.csrf };
      // A body the handler would act on: A's own ids, and A's real password for the password form.
      const body = {
        ...webFormSample(),
        clientId: a.ids.client,
        packageId: a.ids.package,
        currentPassword: a.password,
        newPassword: 'a-brand-new-passphrase-77',
        confirmPassword: 'a-brand-new-passphrase-77',
      };
      const before = await tenantRows(db, a);
      for (const attack of ATTACKS) {
        const field = attack.field?.(tokens);
        const answer = await webCall(session.web.agent, route.method, url, {
          headers: attack.headers(tokens),
          htmx: attack.htmx,
          body: field === undefined ? body : { ...body, _csrf: field },
        });
        figures.requestsTried += 1;
        if (answer.status >= 500) figures.serverErrors += 1;
        if (answer.status !== 403) {
          figures.csrfAccepted += 1;
          accepted.push(`${routeKey(route)} with ${attack.name}: ${answer.status} ${gist(answer)}`);
        }
      }
      const changed = rowDiff(before, await tenantRows(db, a));
      const stillIn = await webCall(session.web.agent, 'GET', '/settings');
      figures.requestsTried += 1;
      if (changed.length > 0 || stillIn.status !== 200) {
        figures.csrfAccepted += 1;
        accepted.push(
          `${routeKey(route)}: forged requests changed A's data or session (${stillIn.status}):\n    ${changed.join('\n    ')}`,
        );
      }
      // The control: the same request with the session's own token, same-origin, gets past the CSRF check.
      // The password form gets a wrong current password, so the control changes nothing that later routes need.
      const control = await webCall(session.web.agent, route.method, url, {
        headers: { 'x-csrf-token': session.csrf, 'sec-fetch-site': 'same-origin' },
        body: { ...body, currentPassword: 'not-the-password' },
      });
      figures.requestsTried += 1;
      if (control.status >= 500) figures.serverErrors += 1;
      if (control.status === 403) unproven.push(`${routeKey(route)}: 403 even with a valid token: ${gist(control)}`);
      // The control may have logged this session out (logout, password): the next route gets a new one.
      if ((await webCall(session.web.agent, 'GET', '/settings')).status !== 200)
        session = await webSignIn(t, a.email, a.password);
    }
    recordFigures('csrf: every unsafe web route', figures);
    expect({ accepted, unproven }).toEqual({ accepted: [], unproven: [] });
    expect(figures.csrfAccepted).toBe(0);
  }, 150_000);
});
