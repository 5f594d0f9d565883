import type { Scenario } from './types.js';

/** S6: the trivial authenticated JSON route, GET /api/v1/auth/me: mostly the cost of the framework and the JWT check. */
export const s6Me: Scenario = {
  id: 'S6',
  title: 'GET /api/v1/auth/me (trivial authenticated JSON)',
  comparator: 'me-json',
  door: 'api',
  compareBytes: true,
  target: { minimum: 0.7 },
  okStatuses: [200],
  async prepare(ctx) {
    return { path: '/api/v1/auth/me', headers: { authorization: ctx.auth.bearer, accept: 'application/json' } };
  },
};
