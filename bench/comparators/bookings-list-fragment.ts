import { ViewEngine } from '../../src/common/views/view-engine.js';
import type { Comparator } from './common.js';

/**
 * S1's bare comparator: GET /bookings/list (the htmx list fragment, default filter "upcoming", page 1) with the
 * same Redis session lookup, one SQL statement for the actor and one for the page, and the app's own templates
 * compiled once at boot. The view-model functions are the app's (pure functions over plain rows), loaded at run
 * time by path so this file does not break each time the bookings module is refactored; if they move, the
 * error says where to point it.
 */
const SCREEN_MODULE = '../../src/modules/bookings/booking-screens.views.js';
const PAGE_SIZE = 20;

type ToListScreen = (
  values: Record<string, unknown>,
  screen: { page: { items: unknown[]; nextCursor: string | null }; clients: unknown[] },
  timeZone: string,
  now?: Date,
) => Record<string, unknown>;

const PAGE_SQL = `select b.id, b.start_time, b.end_time, b.status, b.price_minor, b.currency, b.paid, b.client_package_id, b.notes,
       b.cancelled_at, b.cancelled_by, b.cancellation_reason, b.schedule_version, b.created_at, b.updated_at, c.id as client_id, c.name as client_name
  from bookings b join clients c on c.id = b.client_id
 where b.trainer_id = $1 and b.status in ('pending', 'confirmed') and b.start_time >= $2
 order by b.start_time, b.id
 limit ${PAGE_SIZE + 1}`;

/** A row in the shape the app's view functions read from a Booking entity. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row of the page query's columns
function asBooking(row: Record<string, any>) {
  return {
    id: row.id,
    startTime: row.start_time,
    endTime: row.end_time,
    status: row.status,
    priceMinor: row.price_minor,
    currency: row.currency,
    paid: row.paid,
    clientPackage: row.client_package_id ? { id: row.client_package_id } : null,
    notes: row.notes,
    cancelledAt: row.cancelled_at,
    cancelledBy: row.cancelled_by,
    cancellationReason: row.cancellation_reason,
    scheduleVersion: row.schedule_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    client: { id: row.client_id, name: row.client_name },
  };
}

const comparator: Comparator = {
  async register(app, deps) {
    const views = new ViewEngine();
    const screens = (await import(SCREEN_MODULE)) as { toListScreen?: ToListScreen };
    const toListScreen = screens.toListScreen;
    if (typeof toListScreen !== 'function')
      throw new Error(
        `toListScreen is no longer exported by ${SCREEN_MODULE}: update bench/comparators/bookings-list-fragment.ts`,
      );
    const values = { show: 'upcoming', clientId: '', from: '', to: '', page: 1 };

    app.get('/bookings/list', async (req, reply) => {
      const actor = await deps.sessionActor(req.headers.cookie);
      if (!actor?.trainerId) return reply.code(401).send();
      const now = new Date();
      const { rows } = await deps.pool.query(PAGE_SQL, [actor.trainerId, now]);
      const items = rows.slice(0, PAGE_SIZE).map((row) => ({ booking: asBooking(row), waivable: false }));
      const context = toListScreen(
        values,
        { page: { items, nextCursor: rows.length > PAGE_SIZE ? 'next' : null }, clients: [] },
        actor.timeZone,
        now,
      );
      return reply
        .header('vary', 'HX-Request')
        .type('text/html; charset=utf-8')
        .send(views.render('partials/bookings/list', { ...context, csrfToken: actor.csrfToken }));
    });
  },
};

export default comparator;
