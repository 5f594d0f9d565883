import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { NightlyTrainer, RebuildCounts } from './rollups.types.js';

/** Any fixed number: the first key of the per-trainer advisory lock that serialises rebuilds. */
const REBUILD_LOCK_NAMESPACE = 727_100;

/**
 * Parameters in order: first local day, last local day, trainer id (MikroORM `?` placeholders). Exported for the
 * benchmark's dataset, which fills its rollups with this same statement.
 *
 * One statement per trainer-range. Every source row is bucketed by its local date in the trainer's zone
 * (`instant AT TIME ZONE zone`, so a 23- or 25-hour DST day is just a day); the index-friendly bounds are a day
 * wider than the range on each side and the exact filter is on that local date. Days whose figures are all
 * zero have no row: the statement deletes them inside the range, and only touches a row whose figures differ
 * (IS DISTINCT FROM), so a rerun writes nothing and leaves computed_at alone.
 *
 * What counts where: payments (signed, so refunds and corrections net out) on their paid_at day; sessions on
 * the day they start, by their status now; a late cancellation is a client cancel inside the trainer's current
 * cut-off; clients on the day they were added; ledger rows on the day they were written (grant = sold, consume
 * minus refund = consumed, expire = expired; adjustments are gifts and count nowhere).
 */
export const ROLLUP_REBUILD_SQL = `
with params as (
  select t.id as trainer_id, t.time_zone as tz, t.cancellation_cutoff_hours as cutoff,
         ?::date as first_day, ?::date as last_day
    from trainers t where t.id = ?
), bounds as (
  select p.*,
         (p.first_day::timestamp at time zone p.tz) - interval '1 day' as lo,
         ((p.last_day + 1)::timestamp at time zone p.tz) + interval '1 day' as hi
    from params p
), facts as (
  select (x.paid_at at time zone b.tz)::date as day, x.amount_minor::bigint as revenue,
         0 as completed, 0 as cancelled, 0 as late, 0 as no_show, 0 as new_clients, 0 as sold, 0 as consumed, 0 as expired
    from payments x join bounds b on x.trainer_id = b.trainer_id
   where x.paid_at >= b.lo and x.paid_at < b.hi
  union all
  select (x.start_time at time zone b.tz)::date, 0,
         case when x.status = 'completed' then 1 else 0 end,
         case when x.status = 'cancelled' then 1 else 0 end,
         case when x.status = 'cancelled' and x.cancelled_by = 'client'
                   and x.cancelled_at > x.start_time - make_interval(hours => b.cutoff) then 1 else 0 end,
         case when x.status = 'no_show' then 1 else 0 end,
         0, 0, 0, 0
    from bookings x join bounds b on x.trainer_id = b.trainer_id
   where x.start_time >= b.lo and x.start_time < b.hi and x.status in ('completed', 'cancelled', 'no_show')
  union all
  select (x.created_at at time zone b.tz)::date, 0, 0, 0, 0, 0, 1, 0, 0, 0
    from clients x join bounds b on x.trainer_id = b.trainer_id
   where x.created_at >= b.lo and x.created_at < b.hi
  union all
  select (x.created_at at time zone b.tz)::date, 0, 0, 0, 0, 0, 0,
         case when x.kind = 'grant' then x.delta else 0 end,
         case when x.kind in ('consume', 'refund') then -x.delta else 0 end,
         case when x.kind = 'expire' then -x.delta else 0 end
    from credit_ledger_entries x join bounds b on x.trainer_id = b.trainer_id
   where x.created_at >= b.lo and x.created_at < b.hi and x.kind in ('grant', 'consume', 'refund', 'expire')
), computed as (
  select f.day,
         sum(f.revenue)::bigint as revenue_minor,
         sum(f.completed)::int as sessions_completed,
         sum(f.cancelled)::int as cancellations,
         sum(f.late)::int as late_cancellations,
         sum(f.no_show)::int as no_shows,
         sum(f.new_clients)::int as new_clients,
         sum(f.sold)::int as credits_sold,
         sum(f.consumed)::int as credits_consumed,
         sum(f.expired)::int as credits_expired
    from facts f cross join params p
   where f.day between p.first_day and p.last_day
   group by f.day
  having sum(f.revenue) <> 0 or sum(f.completed) <> 0 or sum(f.cancelled) <> 0 or sum(f.no_show) <> 0
      or sum(f.new_clients) <> 0 or sum(f.sold) <> 0 or sum(f.consumed) <> 0 or sum(f.expired) <> 0
), deleted as (
  delete from revenue_rollups r using params p
   where r.trainer_id = p.trainer_id and r.day between p.first_day and p.last_day
     and not exists (select 1 from computed c where c.day = r.day)
  returning r.day
), written as (
  insert into revenue_rollups as r (trainer_id, day, revenue_minor, sessions_completed, cancellations,
         late_cancellations, no_shows, new_clients, credits_sold, credits_consumed, credits_expired, computed_at)
  select p.trainer_id, c.day, c.revenue_minor, c.sessions_completed, c.cancellations, c.late_cancellations,
         c.no_shows, c.new_clients, c.credits_sold, c.credits_consumed, c.credits_expired, now()
    from computed c cross join params p
  on conflict (trainer_id, day) do update set
         revenue_minor = excluded.revenue_minor, sessions_completed = excluded.sessions_completed,
         cancellations = excluded.cancellations, late_cancellations = excluded.late_cancellations,
         no_shows = excluded.no_shows, new_clients = excluded.new_clients, credits_sold = excluded.credits_sold,
         credits_consumed = excluded.credits_consumed, credits_expired = excluded.credits_expired,
         computed_at = excluded.computed_at
   where (r.revenue_minor, r.sessions_completed, r.cancellations, r.late_cancellations, r.no_shows, r.new_clients,
          r.credits_sold, r.credits_consumed, r.credits_expired)
         is distinct from
         (excluded.revenue_minor, excluded.sessions_completed, excluded.cancellations, excluded.late_cancellations,
          excluded.no_shows, excluded.new_clients, excluded.credits_sold, excluded.credits_consumed,
          excluded.credits_expired)
  returning r.day
)
select (select count(*) from params)::int as found,
       (select count(*) from written)::int as written,
       (select count(*) from deleted)::int as deleted`;

/** The rollups' SQL. Every method takes the EntityManager to run on (a fork in the worker, a transaction here). */
@Injectable()
export class RollupsRepository {
  /**
   * Recomputes one trainer's local days `from`..`to` (inclusive). Runs in a transaction holding a per-trainer
   * advisory lock, taken by a statement of its own so the rebuild's snapshot (READ COMMITTED: per statement) is
   * taken after the lock: of two overlapping rebuilds the later one always reads the newer data and writes last.
   * Null when there is no such trainer.
   */
  async rebuild(em: EntityManager, trainerId: string, from: string, to: string): Promise<RebuildCounts | null> {
    return em.transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(?, hashtext(?))', [REBUILD_LOCK_NAMESPACE, trainerId]);
      const [row] = await tx.execute<Array<{ found: number; written: number; deleted: number }>>(ROLLUP_REBUILD_SQL, [
        from,
        to,
        trainerId,
      ]);
      if (!row || row.found === 0) return null;
      return { written: row.written, deleted: row.deleted };
    });
  }

  /** Every trainer id, for an all-trainers rebuild. */
  async trainerIds(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<Array<{ id: string }>>('select id from trainers order by id');
    return rows.map((row) => row.id);
  }

  async trainerExists(em: EntityManager, trainerId: string): Promise<boolean> {
    const rows = await em.execute<Array<{ id: string }>>('select id from trainers where id = ?', [trainerId]);
    return rows.length === 1;
  }

  /** The trainer's zone, or null when there is no such trainer. */
  async timeZoneOf(em: EntityManager, trainerId: string): Promise<string | null> {
    const [row] = await em.execute<Array<{ time_zone: string }>>('select time_zone from trainers where id = ?', [
      trainerId,
    ]);
    return row?.time_zone ?? null;
  }

  /** The trainers whose local clock shows hour `hour` at `at`, with their local date. */
  async trainersAtLocalHour(em: EntityManager, at: Date, hour: number): Promise<NightlyTrainer[]> {
    const rows = await em.execute<Array<{ id: string; today: string }>>(
      `select id, to_char((?::timestamptz at time zone time_zone), 'YYYY-MM-DD') as today from trainers
        where extract(hour from (?::timestamptz at time zone time_zone)) = ? order by id`,
      [at, at, hour],
    );
    return rows.map((row) => ({ trainerId: row.id, today: row.today }));
  }
}
