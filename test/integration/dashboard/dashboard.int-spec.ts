import { beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CURRENCY, DEFAULT_LOCALE, type Actor } from '../../../src/common/actor.js';
import { UserRole } from '../../../src/common/roles.js';
import { RollupsService } from '../../../src/modules/analytics/rollups.service.js';
import { DashboardService } from '../../../src/modules/dashboard/dashboard.service.js';
import { toRevenueView, toStatsView } from '../../../src/modules/dashboard/dashboard.views.js';
import { createTrainer } from '../../factories/accounts.factory.js';
import { insertStudio, type StudioRows } from '../../factories/dashboard.factory.js';
import { rawClient } from '../../helpers/database.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

const ADMIN: Actor = {
  userId: 'ops',
  trainerId: null,
  role: UserRole.Admin,
  timeZone: 'UTC',
  currency: DEFAULT_CURRENCY,
  locale: DEFAULT_LOCALE,
  kind: 'user',
};

/**
 * Wednesday 2 April 2031, 10:30 in London: three days after the clocks went forward (Sunday 30 March, 01:00 UTC),
 * so this week is all BST while the 30-day windows and last month straddle the change. Every figure below is
 * worked out by hand from the rows in STUDIO; comments give the sums.
 */
const NOW = new Date('2031-04-02T09:30:00Z');
const at = (iso: string) => new Date(iso);

const STUDIO: StudioRows = {
  hours: true,
  clients: [
    { key: 'a', name: 'Ελένη Παπαδοπούλου', createdAt: at('2030-12-01T10:00:00Z') },
    { key: 'b', name: 'Łukasz Nowak', createdAt: at('2031-01-05T10:00:00Z') },
    // 00:30 BST on 1 April: this month, though it is still 31 March in UTC.
    { key: 'c', name: '李小龍', createdAt: at('2031-03-31T23:30:00Z') },
    { key: 'd', name: 'Siobhán O’Brien', createdAt: at('2031-02-01T10:00:00Z'), archived: true },
    { key: 'e', name: 'Amara Okafor', createdAt: at('2031-01-10T10:00:00Z') },
    // 23:30 BST on 31 March: last month.
    { key: 'f', name: 'Zoë Ngata', createdAt: at('2031-03-31T22:30:00Z') },
  ],
  purchases: [
    { key: 'pa', client: 'a', granted: 10, remaining: 4, priceMinor: 50_000, expiresAt: at('2031-04-10T22:59:59Z') },
    { key: 'pb', client: 'b', granted: 5, remaining: 1, priceMinor: 30_000, expiresAt: null },
    { key: 'pc', client: 'c', granted: 10, remaining: 0, priceMinor: 50_000, expiresAt: null },
    { key: 'pd', client: 'd', granted: 5, remaining: 3, priceMinor: 25_000, expiresAt: at('2031-03-01T23:59:59Z') },
  ],
  sessions: [
    // Today, 2 April (BST: 2031-04-01T23:00Z to 2031-04-02T23:00Z).
    { client: 'a', start: at('2031-04-02T07:00:00Z'), status: 'completed', purchase: 'pa' }, // s1
    { client: 'b', start: at('2031-04-02T08:00:00Z'), status: 'no_show', purchase: 'pb' }, // s2
    { client: 'c', start: at('2031-04-02T11:00:00Z'), status: 'confirmed' }, // s3
    { client: 'a', start: at('2031-04-02T14:00:00Z'), status: 'pending' }, // s4
    { client: 'a', start: at('2031-04-02T15:00:00Z'), status: 'cancelled' }, // s5
    { client: 'b', start: at('2031-04-02T23:30:00Z'), status: 'confirmed' }, // s6: 00:30 on 3 April
    { client: 'c', start: at('2031-04-01T22:30:00Z'), status: 'completed' }, // s7: 23:30 on 1 April
    // This week (Monday 31 March to Sunday 6 April) and around it.
    { client: 'b', start: at('2031-03-31T09:00:00Z'), status: 'completed' }, // s8
    { client: 'a', start: at('2031-03-30T09:00:00Z'), status: 'completed' }, // s9: Sunday, last week
    { client: 'b', start: at('2031-04-06T19:00:00Z'), status: 'confirmed' }, // s10: Sunday 20:00
    { client: 'a', start: at('2031-04-07T09:00:00Z'), status: 'confirmed' }, // s11: next week
    { client: 'c', start: at('2031-04-08T22:30:00Z'), status: 'confirmed' }, // s12: 23:30 on 8 April
    { client: 'c', start: at('2031-04-08T23:30:00Z'), status: 'confirmed' }, // s13: 00:30 on 9 April
    // The last 30 local days (from 4 March) and the 30 before them (from 2 February).
    { client: 'b', start: at('2031-03-10T10:00:00Z'), status: 'no_show' }, // s14
    { client: 'c', start: at('2031-03-15T10:00:00Z'), status: 'completed' }, // s15
    { client: 'c', start: at('2031-03-28T10:00:00Z'), status: 'confirmed' }, // s16: no outcome yet
    { client: 'a', start: at('2031-02-20T10:00:00Z'), status: 'no_show' }, // s17
    { client: 'a', start: at('2031-02-21T10:00:00Z'), status: 'completed' }, // s18
    { client: 'c', start: at('2031-02-22T10:00:00Z'), status: 'completed' }, // s19
    { client: 'e', start: at('2031-01-20T10:00:00Z'), status: 'completed' }, // s20
    { client: 'b', start: at('2031-02-01T10:00:00Z'), status: 'confirmed' }, // s21: too old to nag about
  ],
  payments: [
    { client: 'a', amountMinor: 1_500, paidAt: at('2031-02-28T23:30:00Z') }, // 28 Feb (GMT)
    { client: 'a', amountMinor: 5_000, paidAt: at('2031-03-01T12:00:00Z') },
    { client: 'b', amountMinor: 3_000, paidAt: at('2031-03-02T12:00:00Z') },
    { client: 'b', amountMinor: 10_000, paidAt: at('2031-03-03T12:00:00Z') },
    { client: 'c', amountMinor: 2_000, paidAt: at('2031-03-31T23:30:00Z') }, // 00:30 BST on 1 April
    { client: 'a', amountMinor: 4_500, paidAt: at('2031-04-01T12:00:00Z') },
    { client: 'b', amountMinor: 6_000, paidAt: at('2031-04-02T08:00:00Z') }, // today: read live
    { client: 'c', amountMinor: 700, paidAt: at('2031-04-02T23:30:00Z') }, // 00:30 on 3 April: not yet
  ],
};

describe(DashboardService.name, () => {
  const t = useTestApp();
  let dashboard: DashboardService;
  let actor: Actor;
  let ids: Record<string, string>;

  beforeAll(async () => {
    dashboard = t.app.get(DashboardService, { strict: false });
    const rollups = t.app.get(RollupsService, { strict: false });
    const trainer = await createTrainer(t, { name: 'Jordan Reid', timeZone: 'Europe/London' });
    actor = trainer.actor;
    ids = await insertStudio(actor, STUDIO);
    // Another trainer with the very same history: none of it may leak into the first trainer's figures.
    const other = await createTrainer(t, { name: 'Intruder Ivers', timeZone: 'Europe/London' });
    await insertStudio(other.actor, STUDIO);
    for (const who of [actor, other.actor]) {
      await rollups.rebuild(ADMIN, { trainerId: who.trainerId ?? '', from: '2030-04-01', to: '2031-04-02' });
    }
    // Today's rollup is stale on purpose: the dashboard reads today's payments live, never today's rollup.
    const db = await rawClient();
    try {
      await db.query(`update revenue_rollups set revenue_minor = 999999 where trainer_id = $1 and day = '2031-04-02'`, [
        actor.trainerId,
      ]);
    } finally {
      await db.end();
    }
  });

  const run = <T>(work: () => Promise<T>) => inContext(t, work);

  describe('stats', () => {
    it('counts today’s and this week’s sessions by local day', async () => {
      const stats = await run(() => dashboard.stats(actor, NOW));
      // Today s1–s4 (s5 is cancelled, s6 and s7 fall on other local days); s3 and s4 are still to come.
      expect(stats.today).toEqual({ booked: 4, completed: 1, toGo: 2, nextStart: at('2031-04-02T11:00:00Z') });
      // The week: s8, s7, s1–s4, s6, s10; completed s8, s7, s1. s9 (Sunday before) and s11 are outside.
      expect(stats.week).toEqual({ booked: 8, completed: 3, firstDay: '2031-03-31', lastDay: '2031-04-06' });
    });

    it('counts active clients and the no-show rate over the last 30 local days and the 30 before', async () => {
      const stats = await run(() => dashboard.stats(actor, NOW));
      // Trained since 4 March: C (s16, s15, s7), A (s9, s1), B (s8). Before: A (s18), C (s19); s17 is a no-show.
      expect(stats.activeClients).toEqual({ last30: 3, previous30: 2, total: 5, newThisMonth: 1 });
      // Since 4 March: s14 and s2 missed out of s14, s15, s9, s8, s7, s1, s2. Before: s17 of s17, s18, s19.
      expect(stats.noShows).toEqual({ last30: 2, attended30: 7, previous30: 1, attendedPrevious30: 3 });
    });

    it('compares revenue this month with the same days of last month, today read live', async () => {
      const stats = await run(() => dashboard.stats(actor, NOW));
      // April: 2,000 + 4,500 (rollups of 1 April) + 6,000 (today, live; the stale rollup is ignored).
      // 1–2 March: 5,000 + 3,000.
      expect(stats.revenue).toEqual({
        monthToDate: 12_500,
        sameDaysLastMonth: 8_000,
        lastMonthFirstDay: '2031-03-01',
        lastMonthLastDay: '2031-03-02',
      });
    });

    it('values the unused, unexpired credits at what was paid per credit', async () => {
      const stats = await run(() => dashboard.stats(actor, NOW));
      // A: 4 × 50,000 / 10 and B: 1 × 30,000 / 5; D's credits have expired, C has none left.
      expect(stats.credits).toEqual({ outstanding: 5, valueMinor: 26_000, clients: 2, expiringSoon: 4 });
    });

    it('formats the cards in the trainer’s currency', async () => {
      const view = toStatsView(await run(() => dashboard.stats(actor, NOW)), actor, NOW);
      const card = (key: string) => view.cards.find((c) => c.key === key);
      expect(card('revenue')).toMatchObject({ value: '£125', delta: { text: '+56%', tone: 'good' } });
      expect(card('revenue')?.detail).toBe('vs £80 on 1–2 Mar');
      expect(card('today')?.note).toBe('Next at 12:00');
      expect(card('credits')).toMatchObject({ value: '5', detail: 'Worth £260 · 2 clients' });
      // 2 of 7 is 28.6%, 1 of 3 was 33.3%: down 4.8 points, which is good.
      expect(card('no-shows')).toMatchObject({ value: '29%', delta: { text: '-4.8 pts', tone: 'good' } });
      expect(card('clients')).toMatchObject({ value: '3', delta: { text: '+1', tone: 'good' } });
    });
  });

  describe('upcoming', () => {
    it('lists today and the next six local days, without cancelled sessions', async () => {
      const upcoming = await run(() => dashboard.upcoming(actor, NOW));
      expect(upcoming.days).toEqual([
        '2031-04-02',
        '2031-04-03',
        '2031-04-04',
        '2031-04-05',
        '2031-04-06',
        '2031-04-07',
        '2031-04-08',
      ]);
      // s1, s2, s3, s4, s6, s10, s11, s12: s7 ended yesterday (local) and s13 is on 9 April.
      expect(upcoming.sessions.map((s) => s.booking.startTime.toISOString())).toEqual(
        [
          '2031-04-02T07:00:00Z',
          '2031-04-02T08:00:00Z',
          '2031-04-02T11:00:00Z',
          '2031-04-02T14:00:00Z',
          '2031-04-02T23:30:00Z',
          '2031-04-06T19:00:00Z',
          '2031-04-07T09:00:00Z',
          '2031-04-08T22:30:00Z',
        ].map((iso) => new Date(iso).toISOString()),
      );
      expect(upcoming.more).toBe(0);
      // s16 (28 March) still waits for an outcome; s21 (1 February) is past the 30-day nudge.
      expect(upcoming.unresolved).toBe(1);
    });

    it('offers to give back a no-show’s credit, as the bookings list does', async () => {
      const upcoming = await run(() => dashboard.upcoming(actor, NOW));
      const waivable = upcoming.sessions.filter((s) => s.waivable).map((s) => s.booking.client.name);
      expect(waivable).toEqual(['Łukasz Nowak']);
    });
  });

  describe('clients', () => {
    it('flags expiring credits, credits running out at the client’s pace, and clients gone quiet', async () => {
      const clients = await run(() => dashboard.clients(actor, NOW));
      expect(clients.attention.map((item) => [item.client.name, item.reason, item.credits])).toEqual([
        ['Ελένη Παπαδοπούλου', 'credits_expiring', 4],
        // 1 credit at 3 sessions in 56 days lasts 18⅔ days: out around 21 April, inside the three weeks.
        ['Łukasz Nowak', 'credits_running_out', 1],
        ['Amara Okafor', 'no_recent_visit', 0],
      ]);
      const runOut = clients.attention[1]?.at.getTime() ?? 0;
      expect(Math.abs(runOut - (NOW.getTime() + (56 / 3) * 86_400_000))).toBeLessThan(1_000);
      expect(clients.moreAttention).toBe(0);
    });

    it('lists the most recently trained and the newest active clients', async () => {
      const clients = await run(() => dashboard.clients(actor, NOW));
      expect(clients.recentlyActive.map((c) => c.name)).toEqual([
        'Ελένη Παπαδοπούλου',
        '李小龍',
        'Łukasz Nowak',
        'Amara Okafor',
      ]);
      // The archived client never shows, however new.
      expect(clients.newest.map((c) => c.name)).toEqual(['李小龍', 'Zoë Ngata', 'Amara Okafor', 'Łukasz Nowak']);
      expect(clients.newest[0]?.id).toBe(ids.c);
    });
  });

  describe('revenue', () => {
    it('sums the rollups per ISO week, with today’s payments and sessions read live', async () => {
      const series = await run(() => dashboard.revenue(actor, 'weeks', NOW));
      expect(series.buckets.map((b) => b.start)).toEqual([
        '2031-01-13',
        '2031-01-20',
        '2031-01-27',
        '2031-02-03',
        '2031-02-10',
        '2031-02-17',
        '2031-02-24',
        '2031-03-03',
        '2031-03-10',
        '2031-03-17',
        '2031-03-24',
        '2031-03-31',
      ]);
      const byStart = Object.fromEntries(series.buckets.map((b) => [b.start, [b.revenueMinor, b.sessionsCompleted]]));
      // Week of 24 Feb: 1,500 + 5,000 + 3,000. Week of 31 Mar: 2,000 + 4,500 + 6,000 today; s8, s7 and s1.
      expect(byStart).toMatchObject({
        '2031-01-20': [0, 1],
        '2031-02-17': [0, 2],
        '2031-02-24': [9_500, 0],
        '2031-03-03': [10_000, 0],
        '2031-03-10': [0, 1],
        '2031-03-24': [0, 1],
        '2031-03-31': [12_500, 3],
      });
      expect(series.buckets.filter((b) => b.current).map((b) => b.start)).toEqual(['2031-03-31']);
      expect(series.buckets.reduce((sum, b) => sum + b.revenueMinor, 0)).toBe(32_000);
    });

    it('sums the rollups per calendar month', async () => {
      const series = await run(() => dashboard.revenue(actor, 'months', NOW));
      expect(series.buckets[0]?.start).toBe('2030-05-01');
      const byStart = Object.fromEntries(series.buckets.map((b) => [b.start, [b.revenueMinor, b.sessionsCompleted]]));
      expect(byStart).toMatchObject({
        '2031-01-01': [0, 1],
        '2031-02-01': [1_500, 2],
        '2031-03-01': [18_000, 3],
        '2031-04-01': [12_500, 2],
      });
      const view = toRevenueView(series, actor);
      expect(view.total).toBe('£320');
      expect(view.rows.at(-1)).toEqual({
        label: 'April 2031 (so far)',
        revenue: '£125.00',
        sessions: '2',
        current: true,
      });
      expect(view.chart.values.at(-1)).toBe(125);
    });
  });

  describe('setup', () => {
    it('ticks each step done', async () => {
      await expect(run(() => dashboard.setup(actor))).resolves.toEqual({
        hasHours: true,
        hasClients: true,
        hasPackages: true,
        hasBookings: true,
      });
      const fresh = await createTrainer(t, { name: 'Newcomer Nakamura' });
      await expect(run(() => dashboard.setup(fresh.actor))).resolves.toEqual({
        hasHours: false,
        hasClients: false,
        hasPackages: false,
        hasBookings: false,
      });
    });
  });

  describe('local days in other zones', () => {
    it('puts a session at 23:30 in New York on that New York day, not the next UTC one', async () => {
      const trainer = await createTrainer(t, { name: 'Nia Brooks', timeZone: 'America/New_York' });
      await insertStudio(trainer.actor, {
        clients: [{ key: 'a', name: 'Mateo García', createdAt: at('2031-01-01T12:00:00Z') }],
        sessions: [
          // 23:30 EDT on Wednesday 2 April is 03:30 UTC on the 3rd; 23:30 EDT on the 1st is 03:30 UTC on the 2nd.
          { client: 'a', start: at('2031-04-03T03:30:00Z'), status: 'confirmed' },
          { client: 'a', start: at('2031-04-02T03:30:00Z'), status: 'completed' },
        ],
      });
      // 12:00 EDT on 2 April.
      const noon = at('2031-04-02T16:00:00Z');
      const stats = await run(() => dashboard.stats(trainer.actor, noon));
      expect(stats.today).toMatchObject({ booked: 1, completed: 0, toGo: 1 });
      const upcoming = await run(() => dashboard.upcoming(trainer.actor, noon));
      expect(upcoming.sessions).toHaveLength(1);
    });
  });
});
