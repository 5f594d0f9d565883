import type pg from 'pg';

/** Every booking this family adds carries this note; resetVolatileRows() and cleanup remove them by it. */
export const REMINDER_BENCH_NOTE = 'bench:reminders';

export interface PlannedBooking {
  id: string;
  trainerId: string;
  startTime: Date;
}

/**
 * `count` future sessions in one statement, spread evenly over every trainer of the dataset, one an hour from
 * `firstDay` days after the anchor (past the dataset's own future grid, so nothing overlaps), each for an active
 * client with an email who has not opted out, so every one of them is a reminder the app would send. Then one
 * `booking.created` outbox row per session, as BookingsService.create writes it, in a second statement.
 */
export async function planBookings(db: pg.Pool, anchor: Date, count: number, firstDay: number): Promise<number> {
  await removeBenchBookings(db);
  const inserted = await db.query(
    `with t as (select id, (row_number() over (order by id) - 1)::int as n, (count(*) over ())::int as total from trainers),
          c as (select id, trainer_id, (row_number() over (partition by trainer_id order by id) - 1)::int as n,
                       (count(*) over (partition by trainer_id))::int as total
                  from clients where status = 'active' and email is not null and email_opt_out_at is null)
     insert into bookings (id, created_at, updated_at, trainer_id, client_id, start_time, end_time, status, price_minor,
                           currency, paid, schedule_version, notes)
     select gen_random_uuid(), now(), now(), t.id, c.id, s.start, s.start + interval '45 minutes', 'confirmed', 4500,
            'GBP', false, 0, $4
       from generate_series(0, $2::int - 1) g(i)
       join t on t.n = g.i % t.total
       cross join lateral (select g.i / t.total as k) per
       join c on c.trainer_id = t.id and c.n = per.k % c.total
       cross join lateral (select $1::timestamptz + make_interval(days => $3::int, hours => per.k) as start) s`,
    [anchor, count, firstDay, REMINDER_BENCH_NOTE],
  );
  await db.query(
    `insert into outbox_messages (id, created_at, updated_at, topic, payload, attempts)
     select gen_random_uuid(), now(), now(), 'booking.created',
            jsonb_build_object('trainerId', trainer_id, 'bookingId', id, 'scheduleVersion', schedule_version), 0
       from bookings where notes = $1`,
    [REMINDER_BENCH_NOTE],
  );
  await db.query('analyze bookings, outbox_messages');
  return inserted.rowCount ?? 0;
}

/** The family's sessions, soonest first: the delivery phase takes its reminders from the front. */
export async function benchBookings(db: pg.Pool, limit: number): Promise<PlannedBooking[]> {
  const { rows } = await db.query<{ id: string; trainer_id: string; start_time: Date }>(
    `select id, trainer_id, start_time from bookings where notes = $1 order by start_time, id limit $2`,
    [REMINDER_BENCH_NOTE, limit],
  );
  return rows.map((row) => ({ id: row.id, trainerId: row.trainer_id, startTime: row.start_time }));
}

/** Forgets what the enqueue phases planned (rows and outbox), so the delivery phase starts from bare bookings. */
export async function forgetPlanned(db: pg.Pool): Promise<void> {
  await db.query(`delete from notifications n using bookings b where b.id = n.booking_id and b.notes = $1`, [
    REMINDER_BENCH_NOTE,
  ]);
  await db.query(
    `update outbox_messages o set processed_at = now() from bookings b
      where b.id::text = o.payload->>'bookingId' and b.notes = $1 and o.processed_at is null`,
    [REMINDER_BENCH_NOTE],
  );
}

/** Puts the dataset back: the family's sessions, their outbox rows and (by cascade) their notifications. */
export async function removeBenchBookings(db: pg.Pool): Promise<void> {
  await db.query(
    `delete from outbox_messages o using bookings b where b.id::text = o.payload->>'bookingId' and b.notes = $1`,
    [REMINDER_BENCH_NOTE],
  );
  await db.query(`delete from bookings where notes = $1`, [REMINDER_BENCH_NOTE]);
}
