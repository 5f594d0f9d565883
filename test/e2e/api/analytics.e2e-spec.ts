import { beforeAll, describe, expect, it } from '@jest/globals';
import { AnalyticsSeed, rebuildRollups } from '../../factories/analytics.factory.js';
import { bearer } from '../../helpers/api-client.js';
import { createTenantPair, type TenantPair } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';

const ROUTES = ['summary', 'revenue', 'sessions', 'clients'] as const;
const MARCH = 'from=2026-03-01&to=2026-03-31';

describe('/api/v1/analytics', () => {
  const t = useTestApp();
  let pair: TenantPair;
  const get = (path: string, who: 'owner' | 'intruder' = 'owner') =>
    t.http().get(path).set(bearer(pair[who].tokens.accessToken));

  /** Each trainer gets different figures for March, so a leak in either direction changes a number. */
  async function seedMarch(trainerId: string, clientName: string, amountMinor: number, sessions: number) {
    const seed = await AnalyticsSeed.open(trainerId);
    try {
      const client = await seed.client(clientName, '2026-03-02T10:00:00Z');
      for (let i = 0; i < sessions; i += 1) {
        const start = `2026-03-${String(3 + i).padStart(2, '0')}T09:00:00Z`;
        await seed.booking(client, start, i === 0 ? 'no_show' : 'completed');
        await seed.payment(client, amountMinor, start);
      }
    } finally {
      await seed.close();
    }
    await rebuildRollups(t, trainerId, '2026-01-01', '2026-04-30');
  }

  beforeAll(async () => {
    pair = await createTenantPair(t);
    await seedMarch(pair.owner.actor.trainerId as string, 'Siobhán O’Brien', 4500, 3);
    await seedMarch(pair.intruder.actor.trainerId as string, '李小龍', 100_000, 5);
  });

  it('answers the summary for a range', async () => {
    const res = await get(`/api/v1/analytics/summary?${MARCH}`).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({
      range: {
        from: '2026-03-01',
        to: '2026-03-31',
        days: 31,
        previousFrom: '2026-01-29',
        previousTo: '2026-02-28',
        granularity: 'day',
      },
      currency: 'GBP',
      sessionsBooked: 3,
      sessionsCompleted: 2,
      cancellations: 0,
      lateCancellations: 0,
      noShows: 1,
      noShowRate: 0.3333,
      cancellationRate: 0,
      activeClients: 1,
      newClients: 1,
      revenueMinor: 13_500,
      previousRevenueMinor: 0,
      revenueChange: null,
      creditsSold: 0,
      creditsConsumed: 0,
      creditsExpired: 0,
      creditsOutstanding: 0,
      creditsOutstandingValueMinor: 0,
    });
  });

  it('answers a revenue series with every bucket and the previous period', async () => {
    const res = await get(`/api/v1/analytics/revenue?${MARCH}&granularity=week`).expect(200);
    expect(res.body).toMatchObject({ currency: 'GBP', totalMinor: 13_500, previousTotalMinor: 0, change: null });
    expect(res.body.range.granularity).toBe('week');
    expect(res.body.points).toHaveLength(6);
    expect(res.body.points[1]).toEqual({
      start: '2026-03-02',
      end: '2026-03-08',
      previousStart: '2026-01-30',
      previousEnd: '2026-02-05',
      revenueMinor: 13_500,
      previousRevenueMinor: 0,
      change: null,
    });
  });

  it('answers a sessions series with rates per bucket and in total', async () => {
    const res = await get(`/api/v1/analytics/sessions?${MARCH}&granularity=month`).expect(200);
    const figures = {
      completed: 2,
      cancelled: 0,
      lateCancelled: 0,
      noShows: 1,
      completionRate: 0.6667,
      cancellationRate: 0,
      lateCancellationRate: 0,
      noShowRate: 0.3333,
    };
    expect(res.body.totals).toEqual(figures);
    expect(res.body.points).toEqual([{ ...figures, start: '2026-03-01', end: '2026-03-31' }]);
  });

  it('answers retention per month', async () => {
    const res = await get('/api/v1/analytics/clients?from=2026-02-01&to=2026-03-31').expect(200);
    expect(res.body.lostAfterDays).toBe(60);
    expect(res.body.totals).toEqual({ activeClients: 1, newClients: 1, returningClients: 0, lostClients: 0 });
    expect(res.body.months.map((m: { month: string; activeClients: number }) => [m.month, m.activeClients])).toEqual([
      ['2026-02', 0],
      ['2026-03', 1],
    ]);
  });

  it('never counts another trainer’s data, and shows them only theirs', async () => {
    const intruder = await get(`/api/v1/analytics/summary?${MARCH}`, 'intruder').expect(200);
    expect(intruder.body).toMatchObject({ revenueMinor: 500_000, sessionsCompleted: 4, activeClients: 1 });
    const owner = await get(`/api/v1/analytics/revenue?${MARCH}&granularity=month`).expect(200);
    expect(owner.body.totalMinor).toBe(13_500);
  });

  it.each([
    [
      'a start after the end',
      'from=2026-03-31&to=2026-03-01',
      { to: ['The end date must be on or after the start date.'] },
    ],
    [
      'impossible dates',
      'from=2026-02-30&to=31-03-2026',
      { from: ['Use a real date, like 2026-03-01.'], to: ['Use a real date, like 2026-03-31.'] },
    ],
    ['a range over 3 years', 'from=2023-01-01&to=2026-01-01', { to: [expect.stringMatching(/at most 3 years/)] }],
    ['missing dates', '', { from: [expect.any(String)], to: [expect.any(String)] }],
    ['an unknown granularity', `${MARCH}&granularity=hour`, { granularity: ['Choose day, week or month.'] }],
  ])('answers 422 problem+json with field errors for %s', async (_label, query, errors) => {
    const route = query.includes('granularity') ? 'revenue' : 'summary';
    const res = await get(`/api/v1/analytics/${route}?${query}`);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'invalid_range', errors });
  });

  it('checks the range on every route, and refuses unknown parameters', async () => {
    for (const route of ROUTES) {
      const res = await get(`/api/v1/analytics/${route}?from=2026-04-01&to=2026-03-01`);
      expect({ route, status: res.status }).toEqual({ route, status: 422 });
    }
    const extra = await get(`/api/v1/analytics/summary?${MARCH}&trainerId=${pair.intruder.actor.trainerId}`);
    expect(extra.status).toBe(400);
    const granularityOnClients = await get(`/api/v1/analytics/clients?${MARCH}&granularity=day`);
    expect(granularityOnClients.status).toBe(400);
  });

  it('answers 401 without a bearer token, and never accepts the web session cookie', async () => {
    for (const route of ROUTES) {
      const res = await t.http().get(`/api/v1/analytics/${route}?${MARCH}`);
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const withCookie = await pair.owner.web.agent.get(`/api/v1/analytics/summary?${MARCH}`);
    expect(withCookie.status).toBe(401);
  });

  it('documents the routes in Swagger, with examples', async () => {
    const res = await t.http().get('/docs/openapi.json').expect(200);
    for (const route of ROUTES) expect(res.body.paths[`/api/v1/analytics/${route}`]?.get).toBeDefined();
    const summary = res.body.paths['/api/v1/analytics/summary'].get;
    expect(summary.responses['422']).toBeDefined();
    expect(summary.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'to']);
    expect(res.body.components.schemas.AnalyticsSummaryDto.properties.revenueMinor.example).toBe(245000);
  });
});
