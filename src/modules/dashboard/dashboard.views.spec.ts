import { describe, expect, it } from '@jest/globals';
import { BookingStatus } from '../bookings/booking-status.js';
import { moneyShort, toRevenueView, toSetupView, toStatsView, toUpcomingView } from './dashboard.views.js';
import type { DashboardStats } from './dashboard.types.js';

const LONDON = { timeZone: 'Europe/London', currency: 'GBP' };
const NOW = new Date('2031-04-02T09:30:00Z');

function stats(overrides: Partial<DashboardStats> = {}): DashboardStats {
  return {
    today: { booked: 0, completed: 0, toGo: 0, nextStart: null },
    week: { booked: 0, completed: 0, firstDay: '2031-03-31', lastDay: '2031-04-06' },
    activeClients: { last30: 0, previous30: 0, total: 0, newThisMonth: 0 },
    revenue: { monthToDate: 0, sameDaysLastMonth: 0, lastMonthFirstDay: '2031-03-01', lastMonthLastDay: '2031-03-02' },
    credits: { outstanding: 0, valueMinor: 0, clients: 0, expiringSoon: 0 },
    noShows: { last30: 0, attended30: 0, previous30: 0, attendedPrevious30: 0 },
    ...overrides,
  };
}

describe('dashboard views', () => {
  it('shows whole amounts without pence and others with them, in the trainer’s currency', () => {
    expect(moneyShort(124_000, 'GBP')).toBe('£1,240');
    expect(moneyShort(4_550, 'GBP')).toBe('£45.50');
    expect(moneyShort(5_000, 'JPY')).toBe('JP¥5,000');
  });

  it('says revenue fell, in red, against the same days of last month', () => {
    const view = toStatsView(
      stats({ revenue: { ...stats().revenue, monthToDate: 5_000, sameDaysLastMonth: 20_000 } }),
      LONDON,
      NOW,
    );
    const revenue = view.cards.find((card) => card.key === 'revenue');
    expect(revenue?.delta).toMatchObject({ text: '-75%', direction: 'down', tone: 'bad' });
    expect(revenue?.delta?.spoken).toBe('Down 75% on the same days last month');
  });

  it('shows no change figures it cannot compare', () => {
    const view = toStatsView(stats(), LONDON, NOW);
    expect(view.cards.find((card) => card.key === 'revenue')?.delta).toBeNull();
    expect(view.cards.find((card) => card.key === 'no-shows')).toMatchObject({ value: '—', delta: null });
  });

  it('always shows today in the upcoming list, even when it is free', () => {
    const view = toUpcomingView(
      {
        days: ['2031-04-02', '2031-04-03', '2031-04-04'],
        sessions: [
          {
            booking: {
              id: '00000000-0000-4000-8000-000000000001',
              client: { id: '00000000-0000-4000-8000-000000000002', name: 'Łukasz Nowak' },
              startTime: new Date('2031-04-03T08:00:00Z'),
              endTime: new Date('2031-04-03T09:00:00Z'),
              status: BookingStatus.Pending,
              currency: 'GBP',
              paid: false,
              createdAt: NOW,
              updatedAt: NOW,
            },
            waivable: false,
          },
        ],
        more: 0,
        unresolved: 2,
      },
      LONDON,
      NOW,
    );
    expect(view.groups.map((group) => [group.label, group.sublabel, group.isEmpty])).toEqual([
      ['Today', 'Wed 2 Apr', true],
      ['Tomorrow', 'Thu 3 Apr', false],
    ]);
    expect(view.groups[1]?.rows[0]?.primary?.label).toBe('Confirm');
    expect(view.unresolved?.text).toBe('2 past sessions still need an outcome');
  });

  it('labels the chart’s weeks and months and marks the one still filling up', () => {
    const view = toRevenueView(
      {
        period: 'months',
        buckets: [
          { start: '2030-12-01', revenueMinor: 10_000, sessionsCompleted: 2, current: false },
          { start: '2031-01-01', revenueMinor: 25_050, sessionsCompleted: 5, current: true },
        ],
      },
      LONDON,
    );
    expect(view.chart.labels).toEqual(['Dec 30', 'Jan 31']);
    expect(view.chart.values).toEqual([100, 250.5]);
    expect(view.chart.current).toBe(1);
    expect(view.rows.map((row) => row.label)).toEqual(['December 2030', 'January 2031 (so far)']);
    expect(view.toggle.map((link) => [link.label, link.active])).toEqual([
      ['Weeks', false],
      ['Months', true],
    ]);
  });

  it('numbers the setup steps and points at the first one not done', () => {
    const view = toSetupView({ hasHours: true, hasClients: false, hasPackages: true, hasBookings: false });
    expect(view.progress).toBe('2 of 4 done');
    expect(view.steps.filter((step) => step.next).map((step) => step.number)).toEqual([2]);
  });
});
