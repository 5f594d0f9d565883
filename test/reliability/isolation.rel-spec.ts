import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { apiLogin, bearer } from '../helpers/api-client.js';
import { useTestApp } from '../helpers/test-app.js';
import { recordFigures } from './figures.js';
import { apiCall, gist, isProblem, webCall, type Answer } from './support/http.js';
import { kindOfPathParam } from './support/id-kinds.js';
import { buildPlan, type Plan, type Probe } from './support/isolation-plan.js';
import { collectRoutes, routeKey, type RouteTable } from './support/route-table.js';
import type { OpenApiDocument } from './support/samples.js';
import { crossTenantLinks, rawClient, rowDiff, tenantRows } from './support/tenant-snapshot.js';
import { freshId, nextBookingStart, seedTwoTenants, type IdKind, type Tenant } from './support/tenants.js';

/**
 * Tenant isolation, generated from the app's own route table (both doors). Trainer B calls every route that
 * takes an id with trainer A's ids and must get 404 (403 for admin-only routes) while A's rows stay exactly as
 * they were. A route the generator cannot classify fails the check by name, so a new route is covered or loudly
 * not covered, never silently skipped.
 */
describe('Isolation matrix (generated from the route table)', () => {
  const t = useTestApp();
  let table: RouteTable;
  let plan: Plan;
  let a: Tenant;
  let b: Tenant;
  let db: pg.Client;

  beforeAll(async () => {
    table = collectRoutes(t.app);
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
    plan = buildPlan(table, doc);
    ({ a, b } = await seedTwoTenants(t));
    db = await rawClient();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
  });

  function send(probe: Probe, id: string, caller: Tenant): Promise<Answer> {
    const request = probe.build(id, caller);
    const method = probe.route.method;
    if (probe.route.door === 'api')
      return apiCall(t, caller.tokens.accessToken, method, request.url, { body: request.body, query: request.query });
    return webCall(caller.web.agent, method, request.url, {
      csrf: caller.csrf,
      body: request.body,
      query: request.query,
      htmx: probe.htmx,
    });
  }

  it('reads the whole route table from the running app, both doors', () => {
    const keys = new Set(table.routes.map(routeKey));
    for (const known of [
      'GET /api/v1/clients/:id',
      'POST /bookings/:id/cancel',
      'POST /settings/devices/:familyId/revoke',
      'GET /clients/:id/credits',
    ]) {
      expect(keys).toContain(known);
    }
    expect(table.routes.filter((route) => route.door === 'web').length).toBeGreaterThan(30);
    expect(table.routes.filter((route) => route.door === 'api').length).toBeGreaterThan(25);
  });

  it('can cover every route: none has an id it cannot classify, none is served unaccounted for', () => {
    expect(plan.unclassified).toEqual([]);
    expect(plan.probes.length).toBeGreaterThan(60);
  });

  it('fails, by name, a new route whose id it cannot classify and an unowned route nobody listed', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
    const widget = {
      method: 'POST',
      path: '/widgets/:widgetId/polish',
      door: 'web' as const,
      isPublic: false,
      roles: [],
      handler: 'WidgetsWebController.polish',
      params: ['widgetId'],
    };
    const synthetic = buildPlan(
      { routes: [...table.routes, widget], unowned: [...table.unowned, { method: 'GET', path: '/backdoor' }] },
      doc,
    );
    expect(synthetic.unclassified).toEqual([
      'GET /backdoor: served by the router but by no controller, and not on UNOWNED_ALLOWED',
      'POST /widgets/:widgetId/polish (WidgetsWebController.polish): path parameter :widgetId is an id of an unknown kind',
    ]);
  });

  it("answers trainer B 404 for every route naming trainer A's ids, shows none of A's data and changes none of it", async () => {
    const figures = { requestsTried: 0, crossTenantLeaks: 0, serverErrors: 0, nonProblemErrors: 0 };
    const leaks: string[] = [];
    const unreached: string[] = [];
    const start = await tenantRows(db, a);
    // API probes first: some web routes (log out other sessions) retire the intruder's refresh tokens.
    const ordered = [...plan.probes].sort((x, y) => Number(x.route.door === 'web') - Number(y.route.door === 'web'));
    for (const probe of ordered) {
      const before = await tenantRows(db, a);
      const answer = await send(probe, a.ids[probe.slot.kind], b);
      figures.requestsTried += 1;
      const problems: string[] = [];
      if (answer.status >= 500) {
        figures.serverErrors += 1;
        problems.push(`answered ${answer.status}`);
      } else if (probe.expect === 'sameAsUnknown') {
        const unknown = await send(probe, randomUUID(), b);
        figures.requestsTried += 1;
        if (unknown.status !== answer.status)
          problems.push(
            `answered ${answer.status} for A's id but ${unknown.status} for an unknown id (${gist(answer)} / ${gist(unknown)})`,
          );
      } else {
        const wanted = probe.expect === 'notFound' ? 404 : 403;
        if (answer.status !== wanted) {
          if (answer.status === 400 || answer.status === 422)
            unreached.push(`${probe.name}: ${answer.status} before the tenancy check: ${gist(answer)}`);
          else problems.push(`answered ${answer.status}, not ${wanted}: ${gist(answer)}`);
        }
      }
      if (probe.route.door === 'api' && answer.status >= 400 && !isProblem(answer)) {
        figures.nonProblemErrors += 1;
        problems.push(`error answer is ${answer.contentType}, not problem+json`);
      }
      if (answer.text.includes(a.marker)) problems.push("showed A's data");
      const changed = rowDiff(before, await tenantRows(db, a));
      if (changed.length > 0) problems.push(`changed A's rows:\n    ${changed.join('\n    ')}`);
      if (problems.length > 0) {
        if (problems.some((problem) => !problem.startsWith('answered 5'))) figures.crossTenantLeaks += 1;
        leaks.push(`${probe.name}: ${problems.join('; ')}`);
      }
    }
    for (const route of plan.leakChecks) {
      const answer =
        route.door === 'api'
          ? await apiCall(t, b.tokens.accessToken, route.method, route.path)
          : await webCall(b.web.agent, route.method, route.path);
      figures.requestsTried += 1;
      if (answer.status >= 500) figures.serverErrors += 1;
      const adminOnly = route.roles.length > 0 && !route.roles.includes('trainer');
      if (answer.text.includes(a.marker) || (adminOnly && answer.status !== 403)) {
        figures.crossTenantLeaks += 1;
        leaks.push(
          `${routeKey(route)}: answered ${answer.status}${answer.text.includes(a.marker) ? " with A's data" : ''}`,
        );
      }
    }
    const total = rowDiff(start, await tenantRows(db, a));
    // A is still signed in on both doors: none of B's calls ended A's session or device.
    const aWeb = await webCall(a.web.agent, 'GET', '/settings');
    const aApi = await t.http().get('/api/v1/auth/me').set(bearer(a.tokens.accessToken));
    figures.requestsTried += 2;
    recordFigures('isolation: cross-tenant matrix', figures);
    expect({ leaks, unreached }).toEqual({ leaks: [], unreached: [] });
    expect(total).toEqual([]);
    expect([aWeb.status, aApi.status]).toEqual([200, 200]);
    expect(figures.crossTenantLeaks).toBe(0);
    expect(figures.serverErrors).toBe(0);
    expect(figures.nonProblemErrors).toBe(0);
  }, 120_000);

  it('refuses re-parenting: B cannot hang its rows on A’s client, package, purchase or booking', async () => {
    const figures = { requestsTried: 0, crossTenantLeaks: 0 };
    b.tokens = await apiLogin(t, b.email, b.password);
    const api = (method: string, url: string, body: object) => apiCall(t, b.tokens.accessToken, method, url, { body });
    const web = (url: string, body: Record<string, string>) =>
      webCall(b.web.agent, 'POST', url, { csrf: b.csrf, body });
    const bBooking = await freshId(t, b, 'booking');
    const before = await tenantRows(db, a);
    const tries: Array<[string, Promise<Answer>]> = [
      [
        'API booking for A’s client',
        api('POST', '/api/v1/bookings', { clientId: a.ids.client, startTime: nextBookingStart(), durationMinutes: 60 }),
      ],
      [
        'API booking of B’s client paid with A’s purchase',
        api('POST', '/api/v1/bookings', {
          clientId: b.ids.client,
          startTime: nextBookingStart(),
          durationMinutes: 60,
          clientPackageId: a.ids.purchase,
        }),
      ],
      [
        'API sale of A’s package to B’s client',
        api('POST', `/api/v1/clients/${b.ids.client}/purchases`, { packageId: a.ids.package }),
      ],
      [
        'API sale of B’s package to A’s client',
        api('POST', `/api/v1/clients/${a.ids.client}/purchases`, { packageId: b.ids.package }),
      ],
      [
        'API payment by A’s client',
        api('POST', '/api/v1/payments', { clientId: a.ids.client, amountMinor: 100, method: 'cash' }),
      ],
      [
        'API payment of B’s client for A’s booking',
        api('POST', '/api/v1/payments', {
          clientId: b.ids.client,
          amountMinor: 100,
          method: 'cash',
          bookingId: a.ids.booking,
        }),
      ],
      [
        'API payment of B’s client for A’s purchase',
        api('POST', '/api/v1/payments', {
          clientId: b.ids.client,
          amountMinor: 100,
          method: 'cash',
          purchaseId: a.ids.purchase,
        }),
      ],
      [
        'API move of B’s booking onto A’s client',
        api('PATCH', `/api/v1/bookings/${bBooking}`, { clientId: a.ids.client }),
      ],
      [
        'web booking for A’s client',
        web('/bookings/create', {
          clientId: a.ids.client,
          date: '2031-03-03',
          time: '10:00',
          durationMinutes: '60',
          confirmOutsideHours: 'on',
        }),
      ],
      [
        'web booking of B’s client with A’s credit',
        web('/bookings/create', {
          clientId: b.ids.client,
          date: '2031-03-04',
          time: '10:00',
          durationMinutes: '60',
          payWith: a.ids.purchase,
          confirmOutsideHours: 'on',
        }),
      ],
      [
        'web sale of A’s package to B’s client',
        web('/packages/sell', { clientId: b.ids.client, packageId: a.ids.package, paymentMethod: 'card', paid: 'now' }),
      ],
      [
        'web sale of B’s package to A’s client',
        web('/packages/sell', { clientId: a.ids.client, packageId: b.ids.package, paymentMethod: 'card', paid: 'now' }),
      ],
    ];
    const accepted: string[] = [];
    for (const [name, pending] of tries) {
      const answer = await pending;
      figures.requestsTried += 1;
      // A field the API does not know is refused by validation (400/422); everything naming A's rows is 404.
      const refused = name.startsWith('API move')
        ? answer.status === 400 || answer.status === 422
        : answer.status === 404;
      if (!refused) accepted.push(`${name}: ${answer.status} ${gist(answer)}`);
    }
    // The web reschedule form has no client field: one sent anyway must not move the booking.
    const moved = await webCall(b.web.agent, 'POST', `/bookings/${bBooking}/reschedule`, {
      csrf: b.csrf,
      body: {
        clientId: a.ids.client,
        date: '2031-03-05',
        time: '11:00',
        durationMinutes: '60',
        confirmOutsideHours: 'on',
      },
    });
    figures.requestsTried += 1;
    const [row] = (await db.query<{ client_id: string }>('select client_id from bookings where id = $1', [bBooking]))
      .rows;
    if (row?.client_id !== b.ids.client)
      accepted.push(`web reschedule moved B's booking onto ${row?.client_id} (${moved.status})`);
    const links = await crossTenantLinks(db);
    const changed = rowDiff(before, await tenantRows(db, a));
    figures.crossTenantLeaks = accepted.length + links.length + (changed.length > 0 ? 1 : 0);
    recordFigures('isolation: re-parenting', figures);
    expect({ accepted, links, changed }).toEqual({ accepted: [], links: [], changed: [] });
    expect(figures.crossTenantLeaks).toBe(0);
  });

  it("lets B's own ids through the very same probes, so each 404 above came from the tenancy check", async () => {
    const figures = { requestsTried: 0, serverErrors: 0 };
    b.tokens = await apiLogin(t, b.email, b.password);
    const wrong: string[] = [];
    const controls = plan.probes.filter((probe) => probe.expect === 'notFound' && !probe.htmx);
    for (const probe of controls) {
      // Unsafe calls use things up (delete, revoke, cancel): each control gets fresh rows of B's own.
      const ids = { ...b.ids };
      if (probe.route.method !== 'GET') {
        const kinds = new Set<IdKind>([
          probe.slot.kind,
          ...probe.route.params.map((param) => kindOfPathParam(probe.route.path, param) as IdKind),
        ]);
        // The client first, so a fresh payment or booking belongs to the fresh client a nested route names.
        const ordered = [...kinds].sort((x, y) => Number(y === 'client') - Number(x === 'client'));
        for (const kind of ordered) ids[kind] = await freshId(t, { ...b, ids }, kind);
      }
      const own = { ...b, ids };
      const answer = await send(probe, ids[probe.slot.kind], own);
      figures.requestsTried += 1;
      if (answer.status >= 500) figures.serverErrors += 1;
      if ([400, 401, 403, 404, 422].includes(answer.status) || answer.status >= 500)
        wrong.push(`${probe.name}: ${answer.status} ${gist(answer)}`);
    }
    recordFigures('isolation: own-id controls', figures);
    expect(wrong).toEqual([]);
    expect(figures.serverErrors).toBe(0);
  }, 120_000);
});
