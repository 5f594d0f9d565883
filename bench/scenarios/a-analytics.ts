import type { BenchContext, Scenario } from './types.js';

/** The last `days` local days up to the dataset's anchor day, as the API takes them. */
function lastDays(ctx: BenchContext, days: number): { from: string; to: string } {
  const day = (offset: number) =>
    new Date(ctx.dataset.anchor.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-(days - 1)), to: day(0) };
}

const common = {
  comparator: 'analytics-json',
  door: 'api',
  budgetAfterAuth: 1,
  compareBytes: true,
  target: { minimum: 0.5, stretch: 0.65 },
} as const;

/** A1: GET /api/v1/analytics/summary over the last 90 days: the headline numbers, against the previous 90. */
export const a1Summary: Scenario = {
  ...common,
  okStatuses: [200],
  id: 'A1',
  title: 'GET /api/v1/analytics/summary, last 90 days',
  async prepare(ctx) {
    const { from, to } = lastDays(ctx, 90);
    return {
      path: `/api/v1/analytics/summary?from=${from}&to=${to}`,
      headers: { authorization: ctx.auth.bearer, accept: 'application/json' },
    };
  },
};

/** A2: GET /api/v1/analytics/revenue by week over the last year, from the rollups, with the year before it. */
export const a2RevenueByWeek: Scenario = {
  ...common,
  okStatuses: [200],
  id: 'A2',
  title: 'GET /api/v1/analytics/revenue, weekly, last 365 days',
  async prepare(ctx) {
    const { from, to } = lastDays(ctx, 365);
    return {
      path: `/api/v1/analytics/revenue?from=${from}&to=${to}&granularity=week`,
      headers: { authorization: ctx.auth.bearer, accept: 'application/json' },
    };
  },
};

/** A4: GET /api/v1/analytics/clients over the last 12 months: active, new, returning and lost clients per month. */
export const a4Retention: Scenario = {
  ...common,
  okStatuses: [200],
  id: 'A4',
  title: 'GET /api/v1/analytics/clients (retention), last 365 days',
  async prepare(ctx) {
    const { from, to } = lastDays(ctx, 365);
    return {
      path: `/api/v1/analytics/clients?from=${from}&to=${to}`,
      headers: { authorization: ctx.auth.bearer, accept: 'application/json' },
    };
  },
};

/** A3: the /analytics report for the last 90 days by week, as htmx swaps it in when the picker changes. */
export const a3ReportFragment: Scenario = {
  ...common,
  comparator: 'analytics-report',
  door: 'web',
  budgetAfterAuth: 7,
  target: { minimum: 0.5, stretch: 0.75 },
  okStatuses: [200],
  id: 'A3',
  title: 'htmx /analytics report, last 90 days by week',
  async prepare(ctx) {
    return {
      path: '/analytics?preset=last-90-days&granularity=week',
      headers: { cookie: ctx.auth.cookie, 'hx-request': 'true', 'hx-request-type': 'partial', accept: 'text/html' },
    };
  },
};
