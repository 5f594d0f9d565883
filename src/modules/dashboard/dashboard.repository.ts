import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql, type ExpressionBuilder } from 'kysely';
import { BookingStatus } from '../bookings/booking-status.js';
import type { BookingsTable, Timestamp } from '../bookings/bookings.table.js';
import type { StatsWindows } from './dashboard.rules.js';
import type { ClientActivity, DashboardStats, SetupState, UpcomingSession } from './dashboard.types.js';

/** The columns the dashboard reads (typed Kysely); the schema itself belongs to the entities. */
interface DashboardDb {
  bookings: BookingsTable;
  clients: { id: string; trainer_id: string; name: string; status: 'active' | 'archived'; created_at: Timestamp };
  client_packages: {
    id: string;
    trainer_id: string;
    client_id: string;
    credits_granted: number;
    credits_remaining: number;
    price_paid_minor: number;
    expires_at: Timestamp | null;
  };
  payments: { trainer_id: string; amount_minor: number; paid_at: Timestamp };
  revenue_rollups: { trainer_id: string; day: string; revenue_minor: string; sessions_completed: number };
  credit_ledger_entries: { booking_id: string | null; kind: string };
  availability_slots: { trainer_id: string };
  session_packages: { trainer_id: string };
}

type Db = ExpressionBuilder<DashboardDb, 'bookings'>;

const HAPPENED = [BookingStatus.Completed, BookingStatus.NoShow];
/** Every session that was not cancelled: what "sessions today" and "this week" count. */
const BOOKED = [BookingStatus.Pending, BookingStatus.Confirmed, BookingStatus.Completed, BookingStatus.NoShow];
/** Sessions that took place or still hold their time: what "trained" and "booked" count. */
const NOT_MISSED = [BookingStatus.Completed, BookingStatus.Confirmed, BookingStatus.Pending];
const OPEN = [BookingStatus.Pending, BookingStatus.Confirmed];

/** count(*) and sum() are bigint or numeric, which the driver hands over as text. */
const num = (value: unknown): number => Number(value ?? 0);
const dateOrNull = (value: Timestamp | null | undefined): Date | null =>
  value === null || value === undefined ? null : new Date(value);

/**
 * The dashboard's reads, one statement per widget whatever the trainer's history: set-based aggregates over
 * index ranges (bookings by trainer and start, payments by trainer and paid_at, rollups by trainer and day), never
 * a query per row. Runs on the request's EntityManager; only DashboardService calls it, with the trainer's id.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly em: EntityManager) {}

  private get db() {
    return this.em.getKysely<DashboardDb>();
  }

  /** Whether each getting-started step has been done: four EXISTS probes in one statement. */
  async setup(trainerId: string): Promise<SetupState> {
    const row = await this.db
      .selectNoFrom((eb) => [
        eb
          .exists(eb.selectFrom('availability_slots').select(sql.lit(1).as('x')).where('trainer_id', '=', trainerId))
          .as('hours'),
        eb
          .exists(eb.selectFrom('clients').select(sql.lit(1).as('x')).where('trainer_id', '=', trainerId))
          .as('clients'),
        eb
          .exists(eb.selectFrom('session_packages').select(sql.lit(1).as('x')).where('trainer_id', '=', trainerId))
          .as('packages'),
        eb
          .exists(eb.selectFrom('bookings').select(sql.lit(1).as('x')).where('trainer_id', '=', trainerId))
          .as('bookings'),
      ])
      .executeTakeFirstOrThrow();
    return {
      hasHours: Boolean(row.hours),
      hasClients: Boolean(row.clients),
      hasPackages: Boolean(row.packages),
      hasBookings: Boolean(row.bookings),
    };
  }

  /**
   * Every stat card in one statement: five single-row aggregates joined side by side. Sessions come from one
   * range of the trainer's bookings (the last 60 local days to the end of this week); revenue from the rollups
   * of the days before today plus today's payments, so it moves the moment a payment is recorded.
   */
  async stats(trainerId: string, w: StatsWindows): Promise<DashboardStats> {
    const db = this.db;
    const inRange = (eb: Db, from: Date, to: Date) => eb.and([eb('start_time', '>=', from), eb('start_time', '<', to)]);
    const sessions = db
      .selectFrom('bookings')
      .where('trainer_id', '=', trainerId)
      .where('start_time', '>=', w.previousStart)
      .where('start_time', '<', w.weekEnd)
      .select((eb) => [
        eb.fn
          .countAll()
          .filterWhere((f) => f.and([inRange(f, w.todayStart, w.tomorrowStart), f('status', 'in', BOOKED)]))
          .as('today_booked'),
        eb.fn
          .countAll()
          .filterWhere((f) =>
            f.and([inRange(f, w.todayStart, w.tomorrowStart), f('status', '=', BookingStatus.Completed)]),
          )
          .as('today_completed'),
        eb.fn
          .countAll()
          .filterWhere((f) => f.and([inRange(f, w.now, w.tomorrowStart), f('status', 'in', OPEN)]))
          .as('today_to_go'),
        eb.fn
          .min('start_time')
          .filterWhere((f) => f.and([inRange(f, w.now, w.tomorrowStart), f('status', 'in', OPEN)]))
          .as('today_next'),
        eb.fn
          .countAll()
          .filterWhere((f) => f.and([inRange(f, w.weekStart, w.weekEnd), f('status', 'in', BOOKED)]))
          .as('week_booked'),
        eb.fn
          .countAll()
          .filterWhere((f) => f.and([inRange(f, w.weekStart, w.weekEnd), f('status', '=', BookingStatus.Completed)]))
          .as('week_completed'),
        eb.fn
          .count('client_id')
          .distinct()
          .filterWhere((f) => f.and([inRange(f, w.recentStart, w.now), f('status', 'in', NOT_MISSED)]))
          .as('active_30'),
        eb.fn
          .count('client_id')
          .distinct()
          .filterWhere((f) => f.and([inRange(f, w.previousStart, w.recentStart), f('status', 'in', NOT_MISSED)]))
          .as('active_prev_30'),
        eb.fn
          .countAll()
          .filterWhere((f) => f.and([inRange(f, w.recentStart, w.now), f('status', '=', BookingStatus.NoShow)]))
          .as('no_show_30'),
        eb.fn
          .countAll()
          .filterWhere((f) => f.and([inRange(f, w.recentStart, w.now), f('status', 'in', HAPPENED)]))
          .as('attended_30'),
        eb.fn
          .countAll()
          .filterWhere((f) =>
            f.and([inRange(f, w.previousStart, w.recentStart), f('status', '=', BookingStatus.NoShow)]),
          )
          .as('no_show_prev_30'),
        eb.fn
          .countAll()
          .filterWhere((f) => f.and([inRange(f, w.previousStart, w.recentStart), f('status', 'in', HAPPENED)]))
          .as('attended_prev_30'),
      ]);
    const rollups = db
      .selectFrom('revenue_rollups')
      .where('trainer_id', '=', trainerId)
      .where('day', '>=', w.lastMonth.firstDay)
      .where('day', '<', w.today)
      .select((eb) => [
        eb.fn.sum('revenue_minor').filterWhere('day', '>=', w.monthFirstDay).as('month_before_today'),
        eb.fn
          .sum('revenue_minor')
          .filterWhere((f) => f.and([f('day', '>=', w.lastMonth.firstDay), f('day', '<=', w.lastMonth.lastDay)]))
          .as('last_month_same_days'),
      ]);
    const paidToday = db
      .selectFrom('payments')
      .where('trainer_id', '=', trainerId)
      .where('paid_at', '>=', w.todayStart)
      .where('paid_at', '<', w.tomorrowStart)
      .select((eb) => eb.fn.sum('amount_minor').as('paid_today'));
    const credits = db
      .selectFrom('client_packages')
      .where('trainer_id', '=', trainerId)
      .where('credits_remaining', '>', 0)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', w.now)]))
      .select((eb) => [
        eb.fn.sum('credits_remaining').as('credits_outstanding'),
        // Each unused credit is worth what the client paid per credit of its package.
        eb.fn
          .sum(sql<number>`round(credits_remaining::numeric * price_paid_minor / nullif(credits_granted, 0))`)
          .as('credits_value'),
        eb.fn.count('client_id').distinct().as('credit_clients'),
        eb.fn.sum('credits_remaining').filterWhere('expires_at', '<=', w.expiryHorizon).as('credits_expiring'),
      ]);
    const clients = db
      .selectFrom('clients')
      .where('trainer_id', '=', trainerId)
      .select((eb) => [
        eb.fn.countAll().filterWhere('status', '=', 'active').as('clients_total'),
        eb.fn.countAll().filterWhere('created_at', '>=', w.monthStart).as('clients_new'),
      ]);
    const row = await db
      .selectFrom(sessions.as('s'))
      .innerJoin(rollups.as('r'), (join) => join.onTrue())
      .innerJoin(paidToday.as('p'), (join) => join.onTrue())
      .innerJoin(credits.as('k'), (join) => join.onTrue())
      .innerJoin(clients.as('c'), (join) => join.onTrue())
      .selectAll()
      .executeTakeFirstOrThrow();
    return {
      today: {
        booked: num(row.today_booked),
        completed: num(row.today_completed),
        toGo: num(row.today_to_go),
        nextStart: dateOrNull(row.today_next),
      },
      week: {
        booked: num(row.week_booked),
        completed: num(row.week_completed),
        firstDay: w.weekFirstDay,
        lastDay: w.weekLastDay,
      },
      activeClients: {
        last30: num(row.active_30),
        previous30: num(row.active_prev_30),
        total: num(row.clients_total),
        newThisMonth: num(row.clients_new),
      },
      revenue: {
        monthToDate: num(row.month_before_today) + num(row.paid_today),
        sameDaysLastMonth: num(row.last_month_same_days),
        lastMonthFirstDay: w.lastMonth.firstDay,
        lastMonthLastDay: w.lastMonth.lastDay,
      },
      credits: {
        outstanding: num(row.credits_outstanding),
        valueMinor: num(row.credits_value),
        clients: num(row.credit_clients),
        expiringSoon: num(row.credits_expiring),
      },
      noShows: {
        last30: num(row.no_show_30),
        attended30: num(row.attended_30),
        previous30: num(row.no_show_prev_30),
        attendedPrevious30: num(row.attended_prev_30),
      },
    };
  }

  /**
   * The sessions of [from, to) that are not cancelled, soonest first and at most `limit`, with how many there are
   * in all and how many sessions since `since` (before `from`) still wait for an outcome: one statement, the
   * list joined laterally to the counts so an empty week still answers them.
   */
  async upcoming(
    trainerId: string,
    window: { from: Date; to: Date; since: Date },
    limit: number,
  ): Promise<{ sessions: UpcomingSession[]; total: number; unresolved: number }> {
    const db = this.db;
    const counts = db.selectNoFrom((eb) => [
      eb
        .selectFrom('bookings')
        .where('trainer_id', '=', trainerId)
        .where('status', 'in', OPEN)
        .where('start_time', '>=', window.since)
        .where('start_time', '<', window.from)
        .select((sub) => sub.fn.countAll().as('n'))
        .as('unresolved'),
      eb
        .selectFrom('bookings')
        .where('trainer_id', '=', trainerId)
        .where('start_time', '>=', window.from)
        .where('start_time', '<', window.to)
        .where('status', '!=', BookingStatus.Cancelled)
        .select((sub) => sub.fn.countAll().as('n'))
        .as('total'),
    ]);
    const movement = (kind: 'refund' | 'adjust') =>
      sql<boolean>`(b.client_package_id is not null and b.status = 'no_show' and exists (
        select 1 from credit_ledger_entries l where l.booking_id = b.id and l.kind = ${kind}))`;
    const list = db
      .selectFrom('bookings as b')
      .innerJoin('clients as c', 'c.id', 'b.client_id')
      .where('b.trainer_id', '=', trainerId)
      .where('b.start_time', '>=', window.from)
      .where('b.start_time', '<', window.to)
      .where('b.status', '!=', BookingStatus.Cancelled)
      .select([
        'b.id',
        'b.client_id',
        'c.name as client_name',
        'b.client_package_id',
        'b.start_time',
        'b.end_time',
        'b.status',
        'b.price_minor',
        'b.currency',
        'b.paid',
        'b.notes',
        'b.cancelled_at',
        'b.cancelled_by',
        'b.cancellation_reason',
        'b.created_at',
        'b.updated_at',
        movement('refund').as('refunded'),
        movement('adjust').as('adjusted'),
      ])
      .orderBy('b.start_time')
      .orderBy('b.id')
      .limit(limit);
    const rows = await db
      .selectFrom(counts.as('n'))
      .leftJoinLateral(list.as('r'), (join) => join.onTrue())
      .selectAll()
      .execute();
    const first = rows[0];
    const sessions: UpcomingSession[] = rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        booking: {
          id: row.id as string,
          client: { id: row.client_id as string, name: row.client_name as string },
          clientPackage: row.client_package_id ? { id: row.client_package_id } : null,
          startTime: new Date(row.start_time as Timestamp),
          endTime: new Date(row.end_time as Timestamp),
          status: row.status as BookingStatus,
          priceMinor: row.price_minor,
          currency: row.currency as string,
          paid: Boolean(row.paid),
          notes: row.notes,
          cancelledAt: dateOrNull(row.cancelled_at),
          cancelledBy: row.cancelled_by,
          cancellationReason: row.cancellation_reason,
          createdAt: new Date(row.created_at as Timestamp),
          updatedAt: new Date(row.updated_at as Timestamp),
        },
        // The same rule as "Give credit back" in the bookings list (canWaive): a no-show's spent credit, not yet
        // refunded or given back. Upcoming sessions are never cancelled, so the late-cancel case cannot arise.
        waivable:
          row.status === BookingStatus.NoShow && Boolean(row.client_package_id) && !row.refunded && !row.adjusted,
      }));
    return { sessions, total: num(first?.total), unresolved: num(first?.unresolved) };
  }

  /**
   * The clients widget's candidates in one statement: every active client with usable credits, or a session since
   * `since` (future ones included), plus the newest few; each with their last visit, next session, pace over
   * the forecast window and usable packages (as JSON, aggregated in SQL).
   */
  async clientActivity(
    trainerId: string,
    window: { now: Date; since: Date; paceSince: Date },
    newest: number,
  ): Promise<ClientActivity[]> {
    const db = this.db;
    const rows = await db
      .with('usable', (w) =>
        w
          .selectFrom('client_packages')
          .where('trainer_id', '=', trainerId)
          .where('credits_remaining', '>', 0)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', window.now)]))
          .groupBy('client_id')
          .select([
            'client_id',
            sql<Array<{ remaining: number; expiresAt: string | null }>>`json_agg(json_build_object(
              'remaining', credits_remaining, 'expiresAt', expires_at) order by expires_at nulls last)`.as('packages'),
          ]),
      )
      .with('activity', (w) =>
        w
          .selectFrom('bookings')
          .where('trainer_id', '=', trainerId)
          .where('start_time', '>=', window.since)
          .where('status', '!=', BookingStatus.Cancelled)
          .groupBy('client_id')
          .select((eb) => [
            'client_id',
            eb.fn
              .max('start_time')
              .filterWhere((f) => f.and([f('start_time', '<', window.now), f('status', '=', BookingStatus.Completed)]))
              .as('last_visit'),
            eb.fn
              .min('start_time')
              .filterWhere((f) => f.and([f('start_time', '>', window.now), f('status', 'in', OPEN)]))
              .as('next_session'),
            eb.fn
              .countAll()
              .filterWhere((f) => f.and([f('start_time', '>=', window.paceSince), f('start_time', '<', window.now)]))
              .as('recent'),
            eb.fn
              .max('start_time')
              .filterWhere((f) =>
                f.and([
                  f('start_time', '>=', window.now),
                  f('client_package_id', 'is not', null),
                  f('status', 'in', OPEN),
                ]),
              )
              .as('last_booked'),
          ]),
      )
      .with('newest', (w) =>
        w
          .selectFrom('clients')
          .where('trainer_id', '=', trainerId)
          .where('status', '=', 'active')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(newest)
          .select('id as client_id'),
      )
      .with('candidates', (w) =>
        w
          .selectFrom('usable')
          .select('client_id')
          .union((eb) => eb.selectFrom('activity').select('client_id'))
          .union((eb) => eb.selectFrom('newest').select('client_id')),
      )
      .selectFrom('candidates as k')
      .innerJoin('clients as c', 'c.id', 'k.client_id')
      .leftJoin('usable as u', 'u.client_id', 'k.client_id')
      .leftJoin('activity as a', 'a.client_id', 'k.client_id')
      .where('c.trainer_id', '=', trainerId)
      .where('c.status', '=', 'active')
      .select([
        'c.id',
        'c.name',
        'c.created_at',
        'u.packages',
        'a.last_visit',
        'a.next_session',
        'a.recent',
        'a.last_booked',
      ])
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: new Date(row.created_at),
      lastVisit: dateOrNull(row.last_visit),
      nextSession: dateOrNull(row.next_session),
      recentSessions: num(row.recent),
      lastBookedOnCredit: dateOrNull(row.last_booked),
      packages: (row.packages ?? []).map((p) => ({
        remaining: p.remaining,
        expiresAt: p.expiresAt === null ? null : new Date(p.expiresAt),
      })),
    }));
  }

  /**
   * Revenue and completed sessions per week or month from `firstDay`: the rollups of the days before today,
   * plus today's payments and completed sessions read live (the rollup job runs a few seconds behind). One
   * statement: the rollups grouped by bucket, with today's two figures as one more row.
   */
  async revenueSeries(
    trainerId: string,
    input: { unit: 'week' | 'month'; firstDay: string; today: string; todayStart: Date; tomorrowStart: Date },
  ): Promise<Array<{ start: string; revenueMinor: number; sessionsCompleted: number }>> {
    const db = this.db;
    // A whitelisted literal, so the grouped expression and the selected one are the same text.
    const bucket = sql<string>`to_char(date_trunc(${sql.lit(input.unit)}, day), 'YYYY-MM-DD')`;
    const rows = await db
      .selectFrom('revenue_rollups')
      .where('trainer_id', '=', trainerId)
      .where('day', '>=', input.firstDay)
      .where('day', '<', input.today)
      .groupBy(bucket)
      .select((eb) => [
        bucket.as('start'),
        eb.fn.sum<string>('revenue_minor').as('revenue'),
        eb.fn.sum<string>('sessions_completed').as('sessions'),
      ])
      .unionAll(
        db
          .selectNoFrom((sub) => [
            sql<string>`to_char(date_trunc(${sql.lit(input.unit)}, ${input.today}::date), 'YYYY-MM-DD')`.as('start'),
            sub
              .selectFrom('payments')
              .where('trainer_id', '=', trainerId)
              .where('paid_at', '>=', input.todayStart)
              .where('paid_at', '<', input.tomorrowStart)
              .select((p) => p.fn.coalesce(p.fn.sum('amount_minor'), sql.lit(0)).as('s'))
              .as('revenue'),
            sub
              .selectFrom('bookings')
              .where('trainer_id', '=', trainerId)
              .where('start_time', '>=', input.todayStart)
              .where('start_time', '<', input.tomorrowStart)
              .where('status', '=', BookingStatus.Completed)
              .select((b) => b.fn.countAll().as('n'))
              .as('sessions'),
          ])
          .$castTo<{ start: string; revenue: string; sessions: string }>(),
      )
      .execute();
    return rows.map((row) => ({
      start: row.start,
      revenueMinor: num(row.revenue),
      sessionsCompleted: num(row.sessions),
    }));
  }
}
