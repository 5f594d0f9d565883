import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../../src/common/actor.js';
import { AnalyticsReportsService } from '../../../src/modules/analytics/analytics-reports.service.js';
import { Granularity } from '../../../src/modules/analytics/analytics-reports.types.js';
import { createTrainer } from '../../factories/accounts.factory.js';
import { AnalyticsSeed, rebuildRollups } from '../../factories/analytics.factory.js';
import { createPackage } from '../../factories/packages.factory.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

/** Every report is read after the rollups for these local days were rebuilt by the worker's service. */
const HISTORY = { from: '2025-11-01', to: '2026-12-31' };
const NOW = new Date('2026-06-01T12:00:00Z');

describe(AnalyticsReportsService.name, () => {
  const t = useTestApp();
  let reports: AnalyticsReportsService;

  beforeAll(() => {
    reports = t.app.get(AnalyticsReportsService);
  });

  /**
   * A London trainer's March 2026 (all GMT, so UTC instants are local times), small enough to add up by hand:
   *
   * | client | sessions (non-cancelled unless said)                              | payments                        |
   * |--------|------------------------------------------------------------------|---------------------------------|
   * | Siobhán| 10 Dec completed; 2 Mar, 9 Mar completed; 16 Mar no-show           | 29 Jan 30.00; 2 Mar 45.00; 20 Mar refund −15.00 |
   * | Łukasz | 6 Mar completed; 13 Mar cancelled late (client, 8 h before); 20 Mar cancelled (trainer) | 6 Mar 60.00 |
   * | Ελένη  | 11 Mar completed; 2 Apr confirmed                                 | 11 Mar 500.00 (10-credit pack)  |
   * | 李小龍 | 10 Feb completed; 25 Mar pending                                  | 10 Feb 45.00; 28 Jan 99.99 (outside both periods) |
   */
  describe('on a hand-counted March', () => {
    let actor: Actor;
    let ids: Record<'siobhan' | 'lukasz' | 'eleni' | 'bruce', string>;

    beforeAll(async () => {
      const trainer = await createTrainer(t, { name: 'Siobhán O’Brien' });
      actor = trainer.actor;
      const pack = await createPackage(t, actor, { name: '10 sessions', sessionCount: 10, priceMinor: 50_000 });
      const seed = await AnalyticsSeed.open(actor.trainerId as string);
      try {
        ids = {
          siobhan: await seed.client('Siobhán O’Brien', '2025-12-01T10:00:00Z'),
          lukasz: await seed.client('Łukasz Nowak', '2026-03-05T10:00:00Z'),
          eleni: await seed.client('Ελένη Παπαδοπούλου', '2026-03-10T10:00:00Z'),
          bruce: await seed.client('李小龍', '2026-01-15T10:00:00Z'),
        };
        await seed.booking(ids.siobhan, '2025-12-10T09:00:00Z', 'completed');
        await seed.booking(ids.siobhan, '2026-03-02T09:00:00Z', 'completed');
        await seed.booking(ids.siobhan, '2026-03-09T09:00:00Z', 'completed');
        await seed.booking(ids.siobhan, '2026-03-16T09:00:00Z', 'no_show');
        await seed.booking(ids.lukasz, '2026-03-06T18:00:00Z', 'completed');
        await seed.booking(ids.lukasz, '2026-03-13T18:00:00Z', 'cancelled', {
          by: 'client',
          at: '2026-03-13T10:00:00Z',
        });
        await seed.booking(ids.lukasz, '2026-03-20T18:00:00Z', 'cancelled', {
          by: 'trainer',
          at: '2026-03-10T10:00:00Z',
        });
        const eleniSession = await seed.booking(ids.eleni, '2026-03-11T07:00:00Z', 'completed');
        await seed.booking(ids.eleni, '2026-04-02T07:00:00Z', 'confirmed');
        await seed.booking(ids.bruce, '2026-02-10T12:00:00Z', 'completed');
        await seed.booking(ids.bruce, '2026-03-25T12:00:00Z', 'pending');
        const first = await seed.payment(ids.siobhan, 4500, '2026-03-02T10:00:00Z');
        await seed.payment(ids.siobhan, -1500, '2026-03-20T10:00:00Z', first);
        await seed.payment(ids.siobhan, 3000, '2026-01-29T09:00:00Z');
        await seed.payment(ids.lukasz, 6000, '2026-03-06T19:00:00Z');
        await seed.payment(ids.eleni, 50_000, '2026-03-11T08:00:00Z');
        await seed.payment(ids.bruce, 4500, '2026-02-10T13:00:00Z');
        await seed.payment(ids.bruce, 9999, '2026-01-28T23:59:00Z');
        const purchase = await seed.purchase(ids.eleni, pack.id, {
          credits: 10,
          priceMinor: 50_000,
          at: '2026-03-11T08:00:00Z',
        });
        await seed.ledger(purchase, 'consume', -1, '2026-03-11T09:00:00Z', eleniSession);
      } finally {
        await seed.close();
      }
      await rebuildRollups(t, actor.trainerId as string, HISTORY.from, HISTORY.to);
    });

    const MARCH = { from: '2026-03-01', to: '2026-03-31' };

    it('sums the headline numbers, with the 31 days before as the previous period', async () => {
      const summary = await inContext(t, () => reports.summary(actor, MARCH, NOW));
      expect(summary.range).toEqual({
        ...MARCH,
        days: 31,
        previousFrom: '2026-01-29',
        previousTo: '2026-02-28',
        granularity: Granularity.Day,
      });
      expect(summary.current).toEqual({
        revenueMinor: 4500 - 1500 + 6000 + 50_000,
        sessionsCompleted: 4,
        cancellations: 2,
        lateCancellations: 1,
        noShows: 1,
        newClients: 2,
        creditsSold: 10,
        creditsConsumed: 1,
        creditsExpired: 0,
      });
      expect(summary.previous.revenueMinor).toBe(3000 + 4500);
      expect(summary.previous.sessionsCompleted).toBe(1);
      expect(summary.revenueChange).toBe(Math.round(((59_000 - 7500) / 7500) * 10_000) / 10_000);
      expect(summary.sessionsBooked).toBe(6);
      expect(summary.activeClients).toBe(4);
      expect(summary.creditsOutstanding).toBe(9);
      expect(summary.creditsOutstandingValueMinor).toBe(45_000);
      expect(summary.rates).toEqual({
        completionRate: 0.5714,
        cancellationRate: 0.2857,
        lateCancellationRate: 0.1429,
        noShowRate: 0.2,
      });
    });

    it('buckets revenue by week (Monday weeks clipped to the range) beside the same weeks 31 days earlier', async () => {
      const series = await inContext(t, () => reports.revenue(actor, { ...MARCH, granularity: 'week' }));
      expect(series.points.map((p) => [p.start, p.end, p.revenueMinor, p.previousRevenueMinor])).toEqual([
        ['2026-03-01', '2026-03-01', 0, 3000], // previous: 29 Jan
        ['2026-03-02', '2026-03-08', 4500 + 6000, 0], // previous: 30 Jan – 5 Feb
        ['2026-03-09', '2026-03-15', 50_000, 4500], // previous: 6–12 Feb (10 Feb)
        ['2026-03-16', '2026-03-22', -1500, 0],
        ['2026-03-23', '2026-03-29', 0, 0],
        ['2026-03-30', '2026-03-31', 0, 0],
      ]);
      expect(series.points[0]).toMatchObject({ previousStart: '2026-01-29', previousEnd: '2026-01-29' });
      expect(series.totalMinor).toBe(59_000);
      expect(series.previousTotalMinor).toBe(7500);
    });

    it('counts sessions per week with their rates', async () => {
      const series = await inContext(t, () => reports.sessions(actor, { ...MARCH, granularity: 'week' }));
      expect(series.points.map((p) => [p.start, p.completed, p.cancelled, p.lateCancelled, p.noShows])).toEqual([
        ['2026-03-01', 0, 0, 0, 0],
        ['2026-03-02', 2, 0, 0, 0],
        ['2026-03-09', 2, 1, 1, 0],
        ['2026-03-16', 0, 1, 0, 1],
        ['2026-03-23', 0, 0, 0, 0],
        ['2026-03-30', 0, 0, 0, 0],
      ]);
      expect(series.points[2]).toMatchObject({ completionRate: 0.6667, noShowRate: 0, cancellationRate: 0.3333 });
      expect(series.points[0]).toMatchObject({ completionRate: null, noShowRate: null });
      expect(series.totals).toMatchObject({
        completed: 4,
        cancelled: 2,
        lateCancelled: 1,
        noShows: 1,
        noShowRate: 0.2,
      });
    });

    it('follows retention month by month: new versus returning, and a client lost 60 days after their last visit', async () => {
      const retention = await inContext(t, () =>
        reports.retention(actor, { from: '2026-01-01', to: '2026-03-31' }, NOW),
      );
      expect(retention.months).toEqual([
        {
          month: '2026-01',
          start: '2026-01-01',
          end: '2026-01-31',
          activeClients: 0,
          newClients: 0,
          returningClients: 0,
          lostClients: 0,
        },
        // Siobhán's 10 Dec visit was followed by nothing until 2 Mar: lost on 8 Feb. 李小龍's first ever session.
        {
          month: '2026-02',
          start: '2026-02-01',
          end: '2026-02-28',
          activeClients: 1,
          newClients: 1,
          returningClients: 0,
          lostClients: 1,
        },
        {
          month: '2026-03',
          start: '2026-03-01',
          end: '2026-03-31',
          activeClients: 4,
          newClients: 2,
          returningClients: 2,
          lostClients: 0,
        },
      ]);
      expect(retention.totals).toEqual({ activeClients: 4, newClients: 3, returningClients: 1, lostClients: 1 });
    });

    it('counts a lapse only once its day has come', async () => {
      // Łukasz's last session that was not cancelled (6 Mar) lapses on 5 May, Siobhán's (16 Mar) on 15 May and
      // 李小龍's (25 Mar) on 24 May; Ελένη comes back on 2 Apr, so hers falls in June.
      const before = await inContext(t, () =>
        reports.retention(actor, { from: '2026-05-01', to: '2026-05-31' }, new Date('2026-05-10T12:00:00Z')),
      );
      expect(before.totals.lostClients).toBe(1);
      const after = await inContext(t, () => reports.retention(actor, { from: '2026-05-01', to: '2026-05-31' }, NOW));
      expect(after.totals.lostClients).toBe(3);
    });

    it('maps the busiest hours, ranks clients, lists package sales and follows the credits held', async () => {
      const overview = await inContext(t, () => reports.overview(actor, { ...MARCH, granularity: 'week' }, NOW));
      const { activity } = overview;
      expect(activity.heatmap).toEqual([
        { weekday: 1, hour: 9, sessions: 3 },
        { weekday: 3, hour: 7, sessions: 1 },
        { weekday: 3, hour: 12, sessions: 1 },
        { weekday: 5, hour: 18, sessions: 1 },
      ]);
      expect(activity.topBySessions.map((c) => [c.name, c.sessions])).toEqual([
        ['Siobhán O’Brien', 2],
        ['Ελένη Παπαδοπούλου', 1], // ties go to revenue: 500.00 before 60.00
        ['Łukasz Nowak', 1],
      ]);
      expect(activity.topByRevenue.map((c) => [c.name, c.revenueMinor])).toEqual([
        ['Ελένη Παπαδοπούλου', 50_000],
        ['Łukasz Nowak', 6000],
        ['Siobhán O’Brien', 3000],
      ]);
      expect(activity.packageSales).toEqual([
        expect.objectContaining({
          name: '10 sessions',
          sold: 1,
          creditsGranted: 10,
          valueMinor: 50_000,
          currency: 'GBP',
        }),
      ]);
      expect(activity.liability.map((p) => [p.start, p.credits, p.valueMinor])).toEqual([
        ['2026-03-01', 0, 0],
        ['2026-03-02', 0, 0],
        ['2026-03-09', 9, 45_000],
        ['2026-03-16', 9, 45_000],
        ['2026-03-23', 9, 45_000],
        ['2026-03-30', 9, 45_000],
      ]);
      expect(overview.summary.current.revenueMinor).toBe(59_000);
    });

    it('reads month buckets that start mid-month, and an empty year before anything happened', async () => {
      const series = await inContext(t, () =>
        reports.revenue(actor, { from: '2026-02-15', to: '2026-04-10', granularity: 'month' }),
      );
      expect(series.points.map((p) => [p.start, p.end, p.revenueMinor])).toEqual([
        ['2026-02-15', '2026-02-28', 0],
        ['2026-03-01', '2026-03-31', 59_000],
        ['2026-04-01', '2026-04-10', 0],
      ]);
      const empty = await inContext(t, () => reports.summary(actor, { from: '2024-01-01', to: '2024-12-31' }, NOW));
      expect(empty.current.revenueMinor).toBe(0);
      expect(empty.sessionsBooked).toBe(0);
      expect(empty.rates.noShowRate).toBeNull();
      expect(empty.revenueChange).toBeNull();
    });
  });

  describe('local days across the DST changes (Europe/London)', () => {
    let actor: Actor;

    beforeAll(async () => {
      actor = (await createTrainer(t, { name: 'Łukasz Kowalski', timeZone: 'Europe/London' })).actor;
      const seed = await AnalyticsSeed.open(actor.trainerId as string);
      try {
        const client = await seed.client('Ελένη', '2026-01-05T10:00:00Z');
        // 29 March: clocks go forward at 01:00 UTC. 23:30 UTC on the 29th is already 00:30 on the 30th.
        for (const [start, amount] of [
          ['2026-03-28T23:30:00Z', 100], // 23:30 GMT, 28 Mar
          ['2026-03-29T00:30:00Z', 200], // 00:30 GMT, 29 Mar
          ['2026-03-29T22:30:00Z', 400], // 23:30 BST, 29 Mar
          ['2026-03-29T23:30:00Z', 800], // 00:30 BST, 30 Mar
          // 25 October: clocks go back at 01:00 UTC. 23:30 UTC on the 24th is 00:30 BST on the 25th.
          ['2026-10-24T22:30:00Z', 1600], // 23:30 BST, 24 Oct
          ['2026-10-24T23:30:00Z', 3200], // 00:30 BST, 25 Oct
          ['2026-10-25T23:30:00Z', 6400], // 23:30 GMT, 25 Oct
          ['2026-10-26T00:30:00Z', 12_800], // 00:30 GMT, 26 Oct
        ] as const) {
          await seed.booking(client, start, 'completed');
          await seed.payment(client, amount, start);
        }
      } finally {
        await seed.close();
      }
      await rebuildRollups(t, actor.trainerId as string, '2026-03-01', '2026-10-31');
    });

    it('puts each payment and session on its local day in March, from the rollups', async () => {
      const revenue = await inContext(t, () => reports.revenue(actor, { from: '2026-03-28', to: '2026-03-30' }));
      expect(revenue.points.map((p) => [p.start, p.revenueMinor])).toEqual([
        ['2026-03-28', 100],
        ['2026-03-29', 600], // a 23-hour day
        ['2026-03-30', 800],
      ]);
      const sessions = await inContext(t, () => reports.sessions(actor, { from: '2026-03-29', to: '2026-03-29' }));
      expect(sessions.totals.completed).toBe(2);
    });

    it('does the same in October, where the 25th has 25 hours', async () => {
      const revenue = await inContext(t, () => reports.revenue(actor, { from: '2026-10-24', to: '2026-10-26' }));
      expect(revenue.points.map((p) => [p.start, p.revenueMinor])).toEqual([
        ['2026-10-24', 1600],
        ['2026-10-25', 3200 + 6400],
        ['2026-10-26', 12_800],
      ]);
    });

    it('uses the same local days for the raw aggregates: booked sessions, hours, top clients', async () => {
      const march = await inContext(t, () => reports.summary(actor, { from: '2026-03-29', to: '2026-03-29' }, NOW));
      expect(march.sessionsBooked).toBe(2);
      const overview = await inContext(t, () => reports.overview(actor, { from: '2026-10-25', to: '2026-10-25' }, NOW));
      expect(overview.summary.sessionsBooked).toBe(2);
      // 00:30 BST and 23:30 GMT on Sunday 25 October.
      expect(overview.activity.heatmap).toEqual([
        { weekday: 7, hour: 0, sessions: 1 },
        { weekday: 7, hour: 23, sessions: 1 },
      ]);
      expect(overview.activity.topByRevenue[0]?.revenueMinor).toBe(9600);
    });
  });

  describe('rollups against the raw rows', () => {
    let actor: Actor;
    const RANGE = { from: '2026-01-01', to: '2026-04-30' };

    beforeAll(async () => {
      actor = (await createTrainer(t, { name: '李小龍', timeZone: 'Europe/London' })).actor;
      const seed = await AnalyticsSeed.open(actor.trainerId as string);
      try {
        const clients = [
          await seed.client('Siobhán O’Brien', '2026-01-02T10:00:00Z'),
          await seed.client('Łukasz', '2026-02-14T23:30:00Z'),
          await seed.client('Ελένη', '2026-03-29T00:30:00Z'),
        ];
        // Sessions every two hours around the clock, so every local midnight and the March change is crossed.
        await seed.manyBookings(clients[0] as string, '2026-01-01T00:15:00Z', 600);
        await seed.manyBookings(clients[1] as string, '2026-03-27T23:45:00Z', 150);
        await seed.query(
          `insert into payments (id, trainer_id, client_id, amount_minor, currency, method, paid_at, kind)
           select gen_random_uuid(), $1, $2, 1000 + n * 7, 'GBP', 'cash',
                  '2026-01-01T00:00:00Z'::timestamptz + n * interval '5 hours 13 minutes', 'payment'
             from generate_series(0, 499) as n`,
          [actor.trainerId, clients[2]],
        );
      } finally {
        await seed.close();
      }
      await rebuildRollups(t, actor.trainerId as string, '2025-12-01', '2026-05-31');
    });

    it('gives the same revenue and session counts per day as SQL straight over payments and bookings', async () => {
      const seed = await AnalyticsSeed.open(actor.trainerId as string);
      let raw: Map<string, { revenue: number; completed: number; noShows: number; cancelled: number }>;
      try {
        const payments = await seed.query<{ day: string; revenue: string }>(
          `select to_char((paid_at at time zone 'Europe/London')::date, 'YYYY-MM-DD') as day, sum(amount_minor) as revenue
             from payments where trainer_id = $1 group by 1`,
          [actor.trainerId],
        );
        const bookings = await seed.query<{ day: string; completed: number; no_shows: number; cancelled: number }>(
          `select to_char((start_time at time zone 'Europe/London')::date, 'YYYY-MM-DD') as day,
                  count(*) filter (where status = 'completed')::int as completed,
                  count(*) filter (where status = 'no_show')::int as no_shows,
                  count(*) filter (where status = 'cancelled')::int as cancelled
             from bookings where trainer_id = $1 group by 1`,
          [actor.trainerId],
        );
        raw = new Map();
        const at = (day: string) => {
          const entry = raw.get(day) ?? { revenue: 0, completed: 0, noShows: 0, cancelled: 0 };
          raw.set(day, entry);
          return entry;
        };
        for (const row of payments.rows) at(row.day).revenue = Number(row.revenue);
        for (const row of bookings.rows)
          Object.assign(at(row.day), { completed: row.completed, noShows: row.no_shows, cancelled: row.cancelled });
      } finally {
        await seed.close();
      }
      const revenue = await inContext(t, () => reports.revenue(actor, { ...RANGE, granularity: 'day' }));
      const sessions = await inContext(t, () => reports.sessions(actor, { ...RANGE, granularity: 'day' }));
      expect(revenue.points).toHaveLength(120);
      const fromReports = revenue.points.map((point, i) => ({
        day: point.start,
        revenue: point.revenueMinor,
        completed: sessions.points[i]?.completed,
        noShows: sessions.points[i]?.noShows,
        cancelled: sessions.points[i]?.cancelled,
      }));
      const fromRaw = fromReports.map(({ day }) => ({
        day,
        ...(raw.get(day) ?? { revenue: 0, completed: 0, noShows: 0, cancelled: 0 }),
      }));
      expect(fromReports).toEqual(fromRaw);
      expect(revenue.totalMinor).toBeGreaterThan(0);
      // The previous period's revenue (Sep–Dec 2025) had no payments at all.
      expect(revenue.previousTotalMinor).toBe(0);
    });

    it('sums weeks and months to the same totals as days', async () => {
      const byDay = await inContext(t, () => reports.sessions(actor, { ...RANGE, granularity: 'day' }));
      for (const granularity of ['week', 'month']) {
        const other = await inContext(t, () => reports.sessions(actor, { ...RANGE, granularity }));
        expect(other.totals).toEqual(byDay.totals);
      }
    });
  });
});
