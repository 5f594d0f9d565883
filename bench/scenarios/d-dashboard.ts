import type { Scenario } from './types.js';

/** D0: /dashboard as a browser without JavaScript gets it: the whole page, its four sections inline. */
export const d0Page: Scenario = {
  id: 'D0',
  title: '/dashboard page without JavaScript (sections inline)',
  comparator: 'dashboard-fragments',
  door: 'web',
  budgetAfterAuth: 5,
  compareBytes: true,
  target: { minimum: 0.5, stretch: 0.75 },
  okStatuses: [200],
  async prepare(ctx) {
    return { path: '/dashboard', headers: { cookie: ctx.auth.cookie, accept: 'text/html' } };
  },
};

/**
 * D1–D4: the dashboard's four htmx sections for the busy studio, as the page's skeletons ask for them
 * (HX-Request, partial). Each section is one SQL statement after the sign-in, whatever the studio's history.
 */
function section(id: string, path: string, title: string): Scenario {
  return {
    id,
    title,
    comparator: 'dashboard-fragments',
    door: 'web',
    budgetAfterAuth: 2,
    compareBytes: true,
    target: { minimum: 0.5, stretch: 0.75 },
    okStatuses: [200],
    async prepare(ctx) {
      return {
        path,
        headers: {
          cookie: ctx.auth.cookie,
          'hx-request': 'true',
          'hx-request-type': 'partial',
          accept: 'text/html',
        },
      };
    },
  };
}

export const d1Stats = section('D1', '/dashboard/stats', 'htmx /dashboard/stats section, busy studio');
export const d2Upcoming = section(
  'D2',
  '/dashboard/bookings-upcoming',
  'htmx /dashboard/bookings-upcoming section (next 7 days)',
);
export const d3Clients = section('D3', '/dashboard/clients-recent', 'htmx /dashboard/clients-recent section');
export const d4Revenue = section(
  'D4',
  '/dashboard/revenue-chart?period=months',
  'htmx /dashboard/revenue-chart section, 12 months from the rollups',
);
