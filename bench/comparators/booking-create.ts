import type { Comparator } from './common.js';

/**
 * S3's bare comparator: POST /api/v1/bookings as one raw INSERT … SELECT into the same constrained table (the
 * client must be the trainer's and active), with the exclusion constraint as the only overlap check: a
 * violation (SQLSTATE 23P01) answers 409. Same JWT check as the app.
 */
const INSERT_SQL = `with created as (
  insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency, paid, notes)
  select gen_random_uuid(), c.trainer_id, c.id, $3::timestamptz, $3::timestamptz + make_interval(mins => $4::int), 'pending', $5, $6, false, $7
    from clients c
   where c.id = $2 and c.trainer_id = $1 and c.status = 'active'
  returning *
)
select created.*, c.name as client_name from created join clients c on c.id = created.client_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const comparator: Comparator = {
  register(app, deps) {
    app.post('/api/v1/bookings', async (req, reply) => {
      const actor = await deps.jwtActor(req.headers.authorization);
      if (!actor?.trainerId) return reply.code(401).send();
      const body = req.body as {
        clientId?: unknown;
        startTime?: unknown;
        durationMinutes?: unknown;
        priceMinor?: unknown;
        notes?: unknown;
      };
      const start = typeof body?.startTime === 'string' ? new Date(body.startTime) : null;
      const minutes = body?.durationMinutes;
      if (
        typeof body?.clientId !== 'string' ||
        !UUID.test(body.clientId) ||
        !start ||
        Number.isNaN(start.getTime()) ||
        typeof minutes !== 'number' ||
        !Number.isInteger(minutes) ||
        minutes < 5 ||
        minutes > 720
      ) {
        return reply.code(422).send({ type: 'invalid' });
      }
      try {
        const { rows } = await deps.pool.query(INSERT_SQL, [
          actor.trainerId,
          body.clientId,
          start,
          minutes,
          typeof body.priceMinor === 'number' ? body.priceMinor : null,
          actor.currency,
          typeof body.notes === 'string' ? body.notes : null,
        ]);
        const row = rows[0];
        if (!row) return reply.code(404).send({ type: 'not_found' });
        return reply.code(201).send({
          id: row.id,
          clientId: row.client_id,
          clientName: row.client_name,
          startTime: row.start_time.toISOString(),
          endTime: row.end_time.toISOString(),
          status: row.status,
          warnings: [],
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23P01') return reply.code(409).send({ type: 'booking_overlap' });
        throw error;
      }
    });
  },
};

export default comparator;
