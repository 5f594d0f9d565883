import fastJson from 'fast-json-stringify';
import type { Comparator } from './common.js';

/**
 * S2's bare comparator: GET /api/v1/bookings?limit=N[&cursor=…] with the same JWT check, one SQL statement for
 * the actor and one for the page (keyset as a row comparison on the (trainer_id, start_time, id) index), and
 * fast-json-stringify with the DTO's field order, so the bytes match the app's.
 */
const BOOKING_PROPERTIES = {
  id: { type: 'string' },
  clientId: { type: 'string' },
  clientName: { type: 'string' },
  startTime: { type: 'string' },
  endTime: { type: 'string' },
  durationMinutes: { type: 'integer' },
  status: { type: 'string' },
  priceMinor: { type: ['integer', 'null'] },
  currency: { type: 'string' },
  paid: { type: 'boolean' },
  clientPackageId: { type: ['string', 'null'] },
  notes: { type: ['string', 'null'] },
  cancelledAt: { type: ['string', 'null'] },
  cancelledBy: { type: ['string', 'null'] },
  cancellationReason: { type: ['string', 'null'] },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
};

const stringifyPage = fastJson({
  type: 'object',
  properties: {
    items: { type: 'array', items: { type: 'object', properties: BOOKING_PROPERTIES } },
    nextCursor: { type: ['string', 'null'] },
  },
} as Parameters<typeof fastJson>[0]);

const COLUMNS = `b.id, b.client_id, c.name as client_name, b.start_time, b.end_time, b.status, b.price_minor, b.currency, b.paid,
       b.client_package_id, b.notes, b.cancelled_at, b.cancelled_by, b.cancellation_reason, b.created_at, b.updated_at`;

function pageSql(withCursor: boolean, limit: number): string {
  return `select ${COLUMNS}
  from bookings b join clients c on c.id = b.client_id
 where b.trainer_id = $1${withCursor ? ' and (b.start_time, b.id) > ($2, $3)' : ''}
 order by b.start_time, b.id
 limit ${limit + 1}`;
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row of the page query's columns
function toItem(row: Record<string, any>) {
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    startTime: row.start_time.toISOString(),
    endTime: row.end_time.toISOString(),
    durationMinutes: Math.round((row.end_time.getTime() - row.start_time.getTime()) / 60_000),
    status: row.status,
    priceMinor: row.price_minor,
    currency: row.currency,
    paid: row.paid,
    clientPackageId: row.client_package_id,
    notes: row.notes,
    cancelledAt: iso(row.cancelled_at),
    cancelledBy: row.cancelled_by,
    cancellationReason: row.cancellation_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function decodeCursor(cursor: string): [string, string] | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string'
      ? [parsed[0], parsed[1]]
      : null;
  } catch {
    return null;
  }
}

const comparator: Comparator = {
  register(app, deps) {
    app.get('/api/v1/bookings', async (req, reply) => {
      const actor = await deps.jwtActor(req.headers.authorization);
      if (!actor?.trainerId) return reply.code(401).send();
      const query = req.query as { limit?: string; cursor?: string };
      const limit = Math.min(100, Math.max(1, Number(query.limit ?? 25) || 25));
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) return reply.code(400).send();
      const { rows } = await deps.pool.query(
        pageSql(after !== null, limit),
        after ? [actor.trainerId, new Date(after[0]), after[1]] : [actor.trainerId],
      );
      const items = rows.slice(0, limit).map(toItem);
      const last = items.at(-1);
      const nextCursor =
        rows.length > limit && last
          ? Buffer.from(JSON.stringify([last.startTime, last.id])).toString('base64url')
          : null;
      return reply.type('application/json; charset=utf-8').send(stringifyPage({ items, nextCursor }));
    });
  },
};

export default comparator;
