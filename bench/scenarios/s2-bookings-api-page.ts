import type { BenchContext, Scenario } from './types.js';

/** The depth: a cursor about 100,000 rows into the studio's bookings (scaled down with the dataset). */
function deepOffset(ctx: BenchContext): number {
  return Math.min(99_950, Math.floor(ctx.scale.busyBookings * 0.83));
}

/** The cursor exactly as src/common/pagination/cursor.ts encodes it: base64url of [startTime ISO, id]. */
async function cursorAt(ctx: BenchContext, offset: number): Promise<string> {
  const { rows } = await ctx.db.query(
    `select start_time, id from bookings where trainer_id = $1 order by start_time, id offset $2 limit 1`,
    [ctx.studio.trainerId, offset - 1],
  );
  if (!rows[0]) throw new Error(`the studio has fewer than ${offset} bookings`);
  return Buffer.from(JSON.stringify([rows[0].start_time.toISOString(), rows[0].id])).toString('base64url');
}

const common = {
  comparator: 'bookings-page-json',
  door: 'api',
  budgetAfterAuth: 2,
  compareBytes: true,
  target: { minimum: 0.5, stretch: 0.65 },
  okStatuses: [200],
} as const;

/** S2 first page: GET /api/v1/bookings?limit=50, oldest first. */
export const s2FirstPage: Scenario = {
  ...common,
  okStatuses: [...common.okStatuses],
  id: 'S2',
  title: 'GET /api/v1/bookings?limit=50, first page',
  async prepare(ctx) {
    return {
      path: '/api/v1/bookings?limit=50',
      headers: { authorization: ctx.auth.bearer, accept: 'application/json' },
    };
  },
};

/** S2 deep page: the same with a cursor ~100,000 rows in; must cost what the first page costs. */
export const s2DeepPage: Scenario = {
  ...common,
  okStatuses: [...common.okStatuses],
  id: 'S2-deep',
  title: 'GET /api/v1/bookings?limit=50, cursor ~100,000 rows deep',
  async prepare(ctx) {
    const cursor = await cursorAt(ctx, deepOffset(ctx));
    return {
      path: `/api/v1/bookings?limit=50&cursor=${cursor}`,
      headers: { authorization: ctx.auth.bearer, accept: 'application/json' },
    };
  },
};
