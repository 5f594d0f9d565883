import type { BenchContext, Scenario } from './types.js';

/** The last `days` local days up to the dataset's anchor day, as the API takes them. */
function lastDays(ctx: BenchContext, days: number): { from: string; to: string } {
  const day = (offset: number) =>
    new Date(ctx.dataset.anchor.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-(days - 1)), to: day(0) };
}

/** One analytics API route over the last `days` days, signed in with the studio's bearer token. */
function apiRoute(id: string, title: string, route: string, days: number, extra = ''): Scenario {
  return {
    id,
    title,
    comparator: 'analytics-json',
    door: 'api',
    budgetAfterAuth: 1,
    compareBytes: true,
    target: { minimum: 0.5, stretch: 0.65 },
    okStatuses: [200],
    async prepare(ctx) {
      const { from, to } = lastDays(ctx, days);
      return {
        path: `/api/v1/analytics/${route}?from=${from}&to=${to}${extra}`,
        headers: { authorization: ctx.auth.bearer, accept: 'application/json' },
      };
    },
  };
}

/** A1: the headline numbers over the last 90 days, against the previous 90. */
export const a1Summary = apiRoute('A1', 'GET /api/v1/analytics/summary, last 90 days', 'summary', 90);

/** A2: revenue by week over the last year, from the rollups, with the year before it. */
export const a2RevenueByWeek = apiRoute(
  'A2',
  'GET /api/v1/analytics/revenue, weekly, last 365 days',
  'revenue',
  365,
  '&granularity=week',
);

/** A4: active, new, returning and lost clients per month over the last 12 months. */
export const a4Retention = apiRoute('A4', 'GET /api/v1/analytics/clients (retention), last 365 days', 'clients', 365);

/** A3: the /analytics report for the last 90 days by week, as htmx swaps it in when the picker changes. */
export const a3ReportFragment: Scenario = {
  id: 'A3',
  title: 'htmx /analytics report, last 90 days by week',
  comparator: 'analytics-report',
  door: 'web',
  budgetAfterAuth: 7,
  compareBytes: true,
  target: { minimum: 0.5, stretch: 0.75 },
  okStatuses: [200],
  async prepare(ctx) {
    return {
      path: '/analytics?preset=last-90-days&granularity=week',
      headers: { cookie: ctx.auth.cookie, 'hx-request': 'true', 'hx-request-type': 'partial', accept: 'text/html' },
    };
  },
};
