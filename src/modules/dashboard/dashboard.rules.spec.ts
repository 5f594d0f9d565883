import { describe, expect, it } from '@jest/globals';
import {
  attentionFor,
  byUrgency,
  chartBuckets,
  sameDaysLastMonth,
  statsWindows,
  upcomingWindow,
} from './dashboard.rules.js';
import type { ClientActivity } from './dashboard.types.js';

const DAY = 86_400_000;
const NOW = new Date('2031-04-02T09:30:00Z');

function client(overrides: Partial<ClientActivity> = {}): ClientActivity {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Ελένη Παπαδοπούλου',
    createdAt: new Date('2030-01-01T00:00:00Z'),
    lastVisit: new Date(NOW.getTime() - 3 * DAY),
    nextSession: null,
    recentSessions: 8,
    lastBookedOnCredit: null,
    packages: [],
    ...overrides,
  };
}

describe('dashboard rules', () => {
  describe('sameDaysLastMonth', () => {
    it('takes the 1st to today’s day of the month, a month back', () => {
      expect(sameDaysLastMonth('2031-04-02')).toEqual({ firstDay: '2031-03-01', lastDay: '2031-03-02' });
      expect(sameDaysLastMonth('2031-01-15')).toEqual({ firstDay: '2030-12-01', lastDay: '2030-12-15' });
    });

    it('stops at the end of a shorter month', () => {
      expect(sameDaysLastMonth('2031-03-31')).toEqual({ firstDay: '2031-02-01', lastDay: '2031-02-28' });
      expect(sameDaysLastMonth('2032-03-30')).toEqual({ firstDay: '2032-02-01', lastDay: '2032-02-29' });
    });
  });

  describe('statsWindows', () => {
    it('bounds local days in the trainer’s zone, across a daylight-saving change', () => {
      const w = statsWindows(NOW, 'Europe/London');
      expect(w.today).toBe('2031-04-02');
      expect(w.todayStart.toISOString()).toBe('2031-04-01T23:00:00.000Z');
      expect(w.weekStart.toISOString()).toBe('2031-03-30T23:00:00.000Z');
      expect(w.weekEnd.toISOString()).toBe('2031-04-06T23:00:00.000Z');
      // 4 March is still GMT: the 30 local days are 30 × 24 hours minus the hour the clocks skipped.
      expect(w.recentStart.toISOString()).toBe('2031-03-04T00:00:00.000Z');
      expect(w.previousStart.toISOString()).toBe('2031-02-02T00:00:00.000Z');
      expect(w.monthStart.toISOString()).toBe('2031-03-31T23:00:00.000Z');
    });
  });

  describe('upcomingWindow', () => {
    it('covers today and the six local days after it', () => {
      const w = upcomingWindow(NOW, 'Europe/London');
      expect(w.days).toHaveLength(7);
      expect(w.to.toISOString()).toBe('2031-04-08T23:00:00.000Z');
      expect(w.since.toISOString()).toBe('2031-03-03T00:00:00.000Z');
    });
  });

  describe('chartBuckets', () => {
    it('gives twelve Mondays ending with this week', () => {
      const { unit, starts } = chartBuckets('weeks', '2031-04-02');
      expect(unit).toBe('week');
      expect(starts).toHaveLength(12);
      expect([starts[0], starts.at(-1)]).toEqual(['2031-01-13', '2031-03-31']);
    });

    it('gives twelve month starts ending with this month, across a year end', () => {
      const { starts } = chartBuckets('months', '2031-02-28');
      expect([starts[0], starts[10], starts[11]]).toEqual(['2030-03-01', '2031-01-01', '2031-02-01']);
    });
  });

  describe('attentionFor', () => {
    it('flags credits that expire within two weeks before anything else', () => {
      const expiresAt = new Date(NOW.getTime() + 5 * DAY);
      const item = attentionFor(client({ packages: [{ remaining: 2, expiresAt }], recentSessions: 20 }), NOW);
      expect(item).toMatchObject({ reason: 'credits_expiring', credits: 2, at: expiresAt });
    });

    it('flags credits the pace uses up within three weeks', () => {
      // 4 credits at 8 sessions per 56 days: 28 days, too far; 2 credits: 14 days.
      expect(attentionFor(client({ packages: [{ remaining: 4, expiresAt: null }] }), NOW)).toBeNull();
      const item = attentionFor(client({ packages: [{ remaining: 2, expiresAt: null }] }), NOW);
      expect(item).toMatchObject({ reason: 'credits_running_out', credits: 2 });
      expect(item?.at.getTime()).toBe(NOW.getTime() + 14 * DAY);
    });

    it('starts the forecast after the sessions already booked on credit', () => {
      const lastBookedOnCredit = new Date(NOW.getTime() + 10 * DAY);
      const item = attentionFor(client({ packages: [{ remaining: 2, expiresAt: null }], lastBookedOnCredit }), NOW);
      expect(item).toBeNull();
    });

    it('flags a client quiet for 30 days with nothing booked, but not one who has booked', () => {
      const quiet = client({ lastVisit: new Date(NOW.getTime() - 40 * DAY), recentSessions: 0 });
      expect(attentionFor(quiet, NOW)).toMatchObject({ reason: 'no_recent_visit' });
      expect(attentionFor({ ...quiet, nextSession: new Date(NOW.getTime() + DAY) }, NOW)).toBeNull();
      expect(attentionFor(client({ lastVisit: null }), NOW)).toBeNull();
    });

    it('orders by reason, then the soonest deadline, and the most recently seen quiet client first', () => {
      const quiet = (days: number) =>
        attentionFor(client({ lastVisit: new Date(NOW.getTime() - days * DAY), recentSessions: 0 }), NOW);
      const expiring = attentionFor(
        client({ packages: [{ remaining: 1, expiresAt: new Date(NOW.getTime() + DAY) }] }),
        NOW,
      );
      const items = [quiet(80), expiring, quiet(35)].filter((item) => item !== null).sort(byUrgency);
      expect(items.map((item) => [item.reason, Math.round((NOW.getTime() - item.at.getTime()) / DAY)])).toEqual([
        ['credits_expiring', -1],
        ['no_recent_visit', 35],
        ['no_recent_visit', 80],
      ]);
    });
  });
});
