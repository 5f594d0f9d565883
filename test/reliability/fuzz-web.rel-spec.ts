import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomAddress, useTestAppBehindProxy } from '../helpers/client-address.js';
import { recordFigures } from './figures.js';
import { fieldNamesIn, junkPostArb, ownIdFor, type JunkPost } from './support/fuzz-web-forms.js';
import { snapshotTenant, tenantDamage } from './support/fuzz-tenants.js';
import { fuzzSeed } from './support/fuzz-values.js';
import { collectRoutes, fillPath, type AppRoute } from './support/route-table.js';
import { seedTwoTenants, webSignIn } from './support/tenants.js';

/** At least 500 junk posts per run (issue 9), spread evenly over every unsafe web route. */
const POSTS = 500;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const clip = (text: string | undefined, n = 200) =>
  text && text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : (text ?? '');

describe('Web form fuzzing with a valid CSRF token', () => {
  const t = useTestAppBehindProxy();

  it('answers junk posts to every unsafe web route without a 5xx or touching another tenant', async () => {
    const { a: own, b: other } = await seedTwoTenants(t);
    const before = await snapshotTenant(other);
    const routes = collectRoutes(t.app).routes.filter((route) => route.door === 'web');
    const unsafe = routes.filter((route) => UNSAFE.has(route.method));
    expect(unsafe.length).toBeGreaterThan(10);

    // The field names the app's own pages and fragments use, so junk lands in fields the handlers read.
    const fields = new Set<string>();
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const values = Object.fromEntries(route.params.map((param) => [param, ownIdFor(route, param, own)]));
      const page = await own.web.agent.get(fillPath(route.path, values));
      for (const name of fieldNamesIn(page.text)) fields.add(name);
    }
    const names = [...fields].sort();
    expect(names).toEqual(expect.arrayContaining(['name', 'email', 'clientId', 'currentPassword']));

    const seed = fuzzSeed();
    const perRoute = Math.ceil(POSTS / unsafe.length);
    console.log(
      `Web fuzz: seed ${seed}, ${perRoute * unsafe.length} posts over ${unsafe.length} routes, ${names.length} field names`,
    );
    const posts: JunkPost[] = unsafe.flatMap((route, i) =>
      fc.sample(junkPostArb(route, names, own, other), { seed: seed + i, numRuns: perRoute }),
    );

    let session = { web: own.web, csrf: own.csrf };
    const failures: Array<{
      route: string;
      url: string;
      mutation: string;
      htmx: boolean;
      body: string;
      status: number;
      answer: string;
    }> = [];
    let serverErrors = 0;
    let leaks = 0;
    const address = randomAddress();
    for (const post of posts) {
      let req = session.web.agent.post(post.url).set('x-forwarded-for', address).type('form');
      if (post.htmx) req = req.set('hx-request', 'true').set('x-csrf-token', session.csrf);
      const res = await req.send(
        post.htmx ? post.body : [post.body, `_csrf=${encodeURIComponent(session.csrf)}`].filter(Boolean).join('&'),
      );
      if (res.status >= 500) {
        serverErrors += 1;
        if (failures.length < 25) {
          failures.push({
            route: `${post.route.method} ${post.route.path}`,
            url: clip(post.url, 120),
            mutation: post.mutation,
            htmx: post.htmx,
            body: clip(post.body),
            status: res.status,
            answer: clip(res.text),
          });
        }
      }
      if (res.text.includes(other.marker)) leaks += 1;
      // Logging out or revoking sessions may end our own session: sign in again so later posts still reach handlers.
      if (endsSession(post.route)) session = await webSignIn(t, own.email, own.password);
    }

    const changed = await tenantDamage(before, other);
    leaks += changed.length;
    recordFigures('fuzz-web', { requestsTried: posts.length, serverErrors, crossTenantLeaks: leaks });
    if (failures.length > 0 || changed.length > 0)
      console.log(
        `Web fuzz failures (seed ${seed}):\n${JSON.stringify({ otherTenantDamage: changed, failures }, null, 2)}`,
      );
    expect(posts.length).toBeGreaterThanOrEqual(POSTS);
    expect({ serverErrors, crossTenantLeaks: leaks, otherTenantDamage: changed }).toEqual({
      serverErrors: 0,
      crossTenantLeaks: 0,
      otherTenantDamage: [],
    });
  }, 180_000);
});

function endsSession(route: AppRoute): boolean {
  return route.path.includes('logout') || route.path.includes('revoke') || route.path.includes('password');
}
