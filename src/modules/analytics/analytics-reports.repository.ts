import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql, type RawBuilder } from 'kysely';
import {
  Granularity,
  LOST_AFTER_DAYS,
  TOP_CLIENTS,
  type Bucket,
  type HeatmapCell,
  type LiabilityPoint,
  type PackageSale,
  type ReportRange,
  type RetentionMonth,
  type RollupFigures,
  type SeriesPoint,
  type TopClient,
} from './analytics-reports.types.js';

/** pg hands int8 and numeric (sums) back as text; the rows say so, and the mappers turn them into numbers. */
type Int8 = string | number;

/** The columns the reports read (typed Kysely); the schema itself belongs to the entities. */
interface AnalyticsDb {
  bookings: { trainer_id: string; client_id: string; start_time: Date; status: string };
  client_packages: {
    id: string;
    trainer_id: string;
    session_package_id: string;
    price_paid_minor: number;
    currency: string;
    credits_granted: number;
    purchased_at: Date;
  };
  session_packages: { id: string; name: string };
}

/** Who and what a report reads: the trainer, their zone (local days) and currency, and the checked range. */
export interface ReportScope {
  trainerId: string;
  timeZone: string;
  currency: string;
  range: ReportRange;
}

/** The rollup columns, in the order RollupFigures lists them. */
const FIGURES: ReadonlyArray<[keyof RollupFigures, string]> = [
  ['revenueMinor', 'revenue_minor'],
  ['sessionsCompleted', 'sessions_completed'],
  ['cancellations', 'cancellations'],
  ['lateCancellations', 'late_cancellations'],
  ['noShows', 'no_shows'],
  ['newClients', 'new_clients'],
  ['creditsSold', 'credits_sold'],
  ['creditsConsumed', 'credits_consumed'],
  ['creditsExpired', 'credits_expired'],
];

const UNITS: Record<Granularity, { unit: string; step: string }> = {
  [Granularity.Day]: { unit: 'day', step: '1 day' },
  [Granularity.Week]: { unit: 'week', step: '1 week' },
  [Granularity.Month]: { unit: 'month', step: '1 month' },
};

/** The instant local midnight starts `date` in the trainer's zone: a 23- or 25-hour DST day is just a day. */
function localMidnight(date: RawBuilder<unknown>, timeZone: string): RawBuilder<Date> {
  return sql<Date>`((${date})::timestamp at time zone ${timeZone})`;
}

/** [start of `from`, start of the day after `to`) as instants: index-friendly bounds on timestamptz columns. */
function instantBounds(scope: ReportScope): { lo: RawBuilder<Date>; hi: RawBuilder<Date> } {
  const { from, to } = scope.range;
  return {
    lo: localMidnight(sql`${from}::date`, scope.timeZone),
    hi: localMidnight(sql`${to}::date + 1`, scope.timeZone),
  };
}

/**
 * The range's buckets as a CTE body: each bucket's first and last local day, clipped to the range (a week
 * starting before `from` starts at `from`). generate_series runs on plain timestamps, so no zone is involved.
 */
function bucketsSql(range: ReportRange): RawBuilder<unknown> {
  const { unit, step } = UNITS[range.granularity];
  return sql`select greatest(g::date, ${range.from}::date) as start,
         least((g + ${step}::interval)::date - 1, ${range.to}::date) as "end"
    from generate_series(date_trunc(${unit}, ${range.from}::date::timestamp), ${range.to}::date::timestamp,
                         ${step}::interval) as g`;
}

/** The bucket (its clipped start) a local day belongs to. */
function bucketOf(day: RawBuilder<unknown>, range: ReportRange): RawBuilder<unknown> {
  return sql`greatest(date_trunc(${UNITS[range.granularity].unit}, (${day})::timestamp)::date, ${range.from}::date)`;
}

function figuresOf(row: Record<string, Int8>, prefix = ''): RollupFigures {
  const figures = {} as RollupFigures;
  for (const [key, column] of FIGURES) figures[key] = Number(row[`${prefix}${column}`] ?? 0);
  return figures;
}

interface TotalsRow extends Record<string, Int8> {
  sessions_booked: number;
  active_clients: number;
  credits_outstanding: number;
  credits_value_minor: Int8;
}

export interface TotalsRead {
  current: RollupFigures;
  previous: RollupFigures;
  sessionsBooked: number;
  activeClients: number;
  creditsOutstanding: number;
  creditsOutstandingValueMinor: number;
}

interface SeriesRow extends Record<string, Int8> {
  start: string;
  end: string;
  previous_revenue_minor: Int8;
}

interface RetentionRow {
  kind: 'month' | 'total';
  start: string;
  end: string;
  active: number;
  new_clients: number;
  lost: number;
}

export interface RetentionRead {
  months: Array<Omit<RetentionMonth, 'returningClients' | 'month'>>;
  totals: { activeClients: number; newClients: number; lostClients: number };
}

/**
 * The analytics reads: each method is one set-based statement, whatever the size of the trainer's history. The
 * figures per local day come from revenue_rollups (kept by the worker); the few that rollups do not hold (booked
 * sessions, active clients, weekday × hour, top clients, package sales, credits held, retention) are aggregates
 * over index ranges of the trainer's rows for the range. Nothing is read row by row into Node. Only
 * AnalyticsReportsService calls it, and it passes the trainer id (tenancy).
 */
@Injectable()
export class AnalyticsReportsRepository {
  constructor(private readonly em: EntityManager) {}

  private get db() {
    return this.em.getKysely<AnalyticsDb>();
  }

  /** The range's and the previous period's rollup sums, booked sessions and active clients, and credits held now. */
  async totals(scope: ReportScope, now: Date): Promise<TotalsRead> {
    const { trainerId, range, currency } = scope;
    const { lo, hi } = instantBounds(scope);
    const sums = sql.join(
      FIGURES.flatMap(([, column]) => [
        sql`coalesce(sum(r.${sql.ref(column)}) filter (where r.day >= ${range.from}::date), 0)::bigint as ${sql.ref(column)}`,
        sql`coalesce(sum(r.${sql.ref(column)}) filter (where r.day < ${range.from}::date), 0)::bigint as ${sql.ref(`prev_${column}`)}`,
      ]),
    );
    const { rows } = await sql<TotalsRow>`
      with rollups as (
        select ${sums}
          from revenue_rollups r
         where r.trainer_id = ${trainerId} and r.day between ${range.previousFrom}::date and ${range.to}::date
      ), booked as (
        select count(*)::int as sessions_booked, count(distinct b.client_id)::int as active_clients
          from bookings b
         where b.trainer_id = ${trainerId} and b.start_time >= ${lo} and b.start_time < ${hi}
           and b.status <> 'cancelled'
      ), credits as (
        select coalesce(sum(cp.credits_remaining), 0)::int as credits_outstanding,
               coalesce(sum(round(cp.price_paid_minor::numeric * cp.credits_remaining / nullif(cp.credits_granted, 0)))
                          filter (where cp.currency = ${currency}), 0)::bigint as credits_value_minor
          from client_packages cp
         where cp.trainer_id = ${trainerId} and cp.credits_remaining > 0
           and (cp.expires_at is null or cp.expires_at > ${now})
      )
      select * from rollups, booked, credits`.execute(this.db);
    const row = rows[0] as TotalsRow;
    return {
      current: figuresOf(row),
      previous: figuresOf(row, 'prev_'),
      sessionsBooked: row.sessions_booked,
      activeClients: row.active_clients,
      creditsOutstanding: row.credits_outstanding,
      creditsOutstandingValueMinor: Number(row.credits_value_minor),
    };
  }

  /**
   * Every bucket of the range (empty ones too) with its rollup sums, plus the revenue of the same bucket shifted
   * back by the range's length (the previous period). One pass over the rollup rows of both periods.
   */
  async series(scope: ReportScope): Promise<SeriesPoint[]> {
    const { trainerId, range } = scope;
    const aligned = sql`case when r.day >= ${range.from}::date then r.day else r.day + ${range.days}::int end`;
    const sums = sql.join(
      FIGURES.map(
        ([, column]) =>
          sql`coalesce(sum(f.${sql.ref(column)}) filter (where f.current), 0)::bigint as ${sql.ref(column)}`,
      ),
    );
    const { rows } = await sql<SeriesRow>`
      with buckets as (${bucketsSql(range)}),
      facts as (
        select ${bucketOf(aligned, range)} as bucket, r.day >= ${range.from}::date as current, r.*
          from revenue_rollups r
         where r.trainer_id = ${trainerId} and r.day between ${range.previousFrom}::date and ${range.to}::date
      )
      select to_char(b.start, 'YYYY-MM-DD') as start, to_char(b."end", 'YYYY-MM-DD') as "end", ${sums},
             coalesce(sum(f.revenue_minor) filter (where not f.current), 0)::bigint as previous_revenue_minor
        from buckets b left join facts f on f.bucket = b.start
       group by b.start, b."end"
       order by b.start`.execute(this.db);
    return rows.map((row) => ({
      start: row.start,
      end: row.end,
      ...figuresOf(row),
      previousRevenueMinor: Number(row.previous_revenue_minor),
    }));
  }

  /**
   * Per calendar month of the range: clients with a session (not cancelled), how many of them had their first
   * ever session that month, and how many were lost (their LOST_AFTER_DAYS without a session ran out that month,
   * by `today` at the latest). Reads the range's sessions plus the LOST_AFTER_DAYS before it; "first ever" is an
   * index probe per active client and month (bookings_client_start_idx), not a scan of the history.
   */
  async retention(scope: ReportScope, today: string): Promise<RetentionRead> {
    const { trainerId, range, timeZone } = scope;
    const { hi } = instantBounds(scope);
    const windowStart = localMidnight(sql`${range.from}::date - ${LOST_AFTER_DAYS}::int`, timeZone);
    const { rows } = await sql<RetentionRow>`
      with months as (
        select greatest(g::date, ${range.from}::date) as start,
               least((g + interval '1 month')::date - 1, ${range.to}::date) as "end"
          from generate_series(date_trunc('month', ${range.from}::date::timestamp), ${range.to}::date::timestamp,
                               interval '1 month') as g
      ), sessions as (
        select distinct b.client_id, (b.start_time at time zone ${timeZone})::date as day
          from bookings b
         where b.trainer_id = ${trainerId} and b.start_time >= ${windowStart} and b.start_time < ${hi}
           and b.status <> 'cancelled'
      ), active as (
        -- The month row a day belongs to, by arithmetic (a join on the months' ranges was a nested loop).
        select distinct greatest(date_trunc('month', s.day)::date, ${range.from}::date) as start, s.client_id
          from sessions s
         where s.day between ${range.from}::date and ${range.to}::date
      ), flagged as (
        select a.start, a.client_id,
               not exists (select 1 from bookings e
                            where e.client_id = a.client_id and e.trainer_id = ${trainerId}
                              and e.start_time < ${localMidnight(sql`a.start`, timeZone)}
                              and e.status <> 'cancelled') as is_new
          from active a
      ), lapses as (
        select s.client_id, s.day + ${LOST_AFTER_DAYS}::int as day
          from (select client_id, day, lead(day) over (partition by client_id order by day) as next_day
                  from sessions) s
         where (s.next_day is null or s.next_day > s.day + ${LOST_AFTER_DAYS}::int)
           and s.day + ${LOST_AFTER_DAYS}::int between ${range.from}::date and least(${range.to}::date, ${today}::date)
      ), per_month as (
        select f.start, count(*) as active, count(*) filter (where f.is_new) as new_clients from flagged f group by f.start
      ), lost_per_month as (
        select greatest(date_trunc('month', l.day)::date, ${range.from}::date) as start, count(*) as lost
          from lapses l group by 1
      )
      select 'month' as kind, to_char(m.start, 'YYYY-MM-DD') as start, to_char(m."end", 'YYYY-MM-DD') as "end",
             coalesce(p.active, 0)::int as active, coalesce(p.new_clients, 0)::int as new_clients,
             coalesce(l.lost, 0)::int as lost
        from months m
        left join per_month p on p.start = m.start
        left join lost_per_month l on l.start = m.start
      union all
      select 'total', ${range.from}, ${range.to},
             (select count(distinct client_id) from active)::int,
             (select count(*) from flagged where is_new)::int,
             (select count(*) from lapses)::int
       order by 1 desc, 2`.execute(this.db);
    const months = rows.filter((row) => row.kind === 'month');
    const total = rows.find((row) => row.kind === 'total');
    return {
      months: months.map((row) => ({
        start: row.start,
        end: row.end,
        activeClients: row.active,
        newClients: row.new_clients,
        lostClients: row.lost,
      })),
      totals: {
        activeClients: total?.active ?? 0,
        newClients: total?.new_clients ?? 0,
        lostClients: total?.lost ?? 0,
      },
    };
  }

  /** Sessions (not cancelled) starting in the range, by local ISO weekday and hour: at most 168 rows. */
  async heatmap(scope: ReportScope): Promise<HeatmapCell[]> {
    const { lo, hi } = instantBounds(scope);
    const local = sql`(b.start_time at time zone ${scope.timeZone})`;
    const rows = await this.db
      .selectFrom('bookings as b')
      .select([
        sql<number>`extract(isodow from ${local})::int`.as('weekday'),
        sql<number>`extract(hour from ${local})::int`.as('hour'),
        sql<number>`count(*)::int`.as('sessions'),
      ])
      .where('b.trainer_id', '=', scope.trainerId)
      .where('b.start_time', '>=', lo)
      .where('b.start_time', '<', hi)
      .where('b.status', '<>', 'cancelled')
      .groupBy([sql`1`, sql`2`])
      .orderBy(sql`1`)
      .orderBy(sql`2`)
      .execute();
    return rows.map((row) => ({ weekday: row.weekday, hour: row.hour, sessions: row.sessions }));
  }

  /**
   * Two top-TOP_CLIENTS lists in one statement: by sessions completed in the range, and by revenue (their
   * payments net of refunds, paid in the range). Ties go to the other figure, then the name.
   */
  async topClients(scope: ReportScope): Promise<{ bySessions: TopClient[]; byRevenue: TopClient[] }> {
    const { trainerId } = scope;
    const { lo, hi } = instantBounds(scope);
    const { rows } = await sql<{
      list: 'sessions' | 'revenue';
      id: string;
      name: string;
      sessions: number;
      revenue: Int8;
    }>`
      with by_sessions as (
        select b.client_id, count(*)::int as sessions
          from bookings b
         where b.trainer_id = ${trainerId} and b.start_time >= ${lo} and b.start_time < ${hi}
           and b.status = 'completed'
         group by b.client_id
      ), by_revenue as (
        select p.client_id, sum(p.amount_minor)::bigint as revenue
          from payments p
         where p.trainer_id = ${trainerId} and p.paid_at >= ${lo} and p.paid_at < ${hi}
         group by p.client_id
      ), ranked as (
        select c.id, c.name, coalesce(s.sessions, 0) as sessions, coalesce(r.revenue, 0) as revenue
          from (select client_id from by_sessions union select client_id from by_revenue) ids
          join clients c on c.id = ids.client_id and c.trainer_id = ${trainerId}
          left join by_sessions s on s.client_id = c.id
          left join by_revenue r on r.client_id = c.id
      )
      (select 'sessions' as list, * from ranked where sessions > 0
        order by sessions desc, revenue desc, name, id limit ${TOP_CLIENTS})
      union all
      (select 'revenue' as list, * from ranked where revenue > 0
        order by revenue desc, sessions desc, name, id limit ${TOP_CLIENTS})`.execute(this.db);
    const toClient = (row: (typeof rows)[number]): TopClient => ({
      clientId: row.id,
      name: row.name,
      sessions: row.sessions,
      revenueMinor: Number(row.revenue),
    });
    return {
      bySessions: rows.filter((row) => row.list === 'sessions').map(toClient),
      byRevenue: rows.filter((row) => row.list === 'revenue').map(toClient),
    };
  }

  /** Packages sold in the range (by purchase time), per package and currency, best-selling first. */
  async packageSales(scope: ReportScope): Promise<PackageSale[]> {
    const { lo, hi } = instantBounds(scope);
    const rows = await this.db
      .selectFrom('client_packages as cp')
      .innerJoin('session_packages as sp', 'sp.id', 'cp.session_package_id')
      .select([
        'sp.id',
        'sp.name',
        'cp.currency',
        sql<number>`count(*)::int`.as('sold'),
        sql<number>`sum(cp.credits_granted)::int`.as('credits'),
        sql<Int8>`sum(cp.price_paid_minor)::bigint`.as('value'),
      ])
      .where('cp.trainer_id', '=', scope.trainerId)
      .where('cp.purchased_at', '>=', lo)
      .where('cp.purchased_at', '<', hi)
      .groupBy(['sp.id', 'sp.name', 'cp.currency'])
      .orderBy(sql`sum(cp.price_paid_minor)`, 'desc')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('sp.name')
      .execute();
    return rows.map((row) => ({
      packageId: row.id,
      name: row.name,
      currency: row.currency,
      sold: row.sold,
      creditsGranted: row.credits,
      valueMinor: Number(row.value),
    }));
  }

  /**
   * Credits clients hold at the end of each bucket, from the ledger (every movement, gifts included), and their
   * value pro rata of the price paid (purchases in the trainer's currency). Worked backwards from today's
   * balances, so it reads the ledger from the range's start onwards, never the history before it.
   */
  async creditLiability(scope: ReportScope): Promise<LiabilityPoint[]> {
    const { trainerId, range, currency } = scope;
    const { lo } = instantBounds(scope);
    const { rows } = await sql<Bucket & { credits: number; value: Int8 }>`
      with buckets as (${bucketsSql(range)}),
      balance as (
        select coalesce(sum(cp.credits_remaining), 0)::numeric as credits,
               coalesce(sum(cp.price_paid_minor::numeric * cp.credits_remaining / nullif(cp.credits_granted, 0))
                          filter (where cp.currency = ${currency}), 0) as value
          from client_packages cp
         where cp.trainer_id = ${trainerId} and cp.credits_remaining > 0
      ), moves as (
        select (l.created_at at time zone ${scope.timeZone})::date as day, l.delta::numeric as credits,
               case when cp.currency = ${currency}
                    then l.delta::numeric * cp.price_paid_minor / nullif(cp.credits_granted, 0) else 0 end as value
          from credit_ledger_entries l join client_packages cp on cp.id = l.client_package_id
         where l.trainer_id = ${trainerId} and l.created_at >= ${lo}
      ), opening as (
        select bal.credits - coalesce((select sum(m.credits) from moves m), 0) as credits,
               bal.value - coalesce((select sum(m.value) from moves m), 0) as value
          from balance bal
      ), per_bucket as (
        select ${bucketOf(sql`m.day`, range)} as bucket, sum(m.credits) as credits, sum(m.value) as value
          from moves m
         where m.day <= ${range.to}::date
         group by 1
      )
      select to_char(b.start, 'YYYY-MM-DD') as start, to_char(b."end", 'YYYY-MM-DD') as "end",
             (o.credits + coalesce(sum(p.credits) over w, 0))::int as credits,
             round(o.value + coalesce(sum(p.value) over w, 0))::bigint as value
        from buckets b cross join opening o left join per_bucket p on p.bucket = b.start
      window w as (order by b.start)
       order by b.start`.execute(this.db);
    return rows.map((row) => ({ start: row.start, end: row.end, credits: row.credits, valueMinor: Number(row.value) }));
  }
}
