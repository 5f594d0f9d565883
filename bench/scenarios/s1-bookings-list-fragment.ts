import type { Scenario } from './types.js';

/** S1: the htmx bookings list fragment of the busy studio, as htmx asks for it (HX-Request), signed in. */
export const s1BookingsListFragment: Scenario = {
  id: 'S1',
  title: 'htmx /bookings/list fragment, busy studio',
  comparator: 'bookings-list-fragment',
  door: 'web',
  budgetAfterAuth: 2,
  compareBytes: true,
  target: { minimum: 0.5, stretch: 0.75 },
  okStatuses: [200],
  async prepare(ctx) {
    return {
      path: '/bookings/list',
      headers: { cookie: ctx.auth.cookie, 'hx-request': 'true', 'hx-target': 'bookings-list', accept: 'text/html' },
    };
  },
};
