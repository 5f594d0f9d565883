import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BookingStatus } from '../bookings/booking-status.js';
import type { ClientStatus } from './client.entity.js';
import type { ClientHistory, ClientListSort, ClientOption, ClientSession, ClientSummary } from './clients.types.js';

/** pg hands timestamptz back as text (counts are cast to int in SQL); the rows say so. */
type Timestamp = string;

/** The search expression, written exactly as the trigram index clients_search_trgm_idx so the index serves it. */
const SEARCH_EXPRESSION = `lower(c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, ''))`;

export interface SummaryRow {
  id: string;
  name: string;
  email: string | null;
  email_opt_out_at: Timestamp | null;
  phone: string | null;
  notes: string | null;
  status: ClientStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  sort_name: string;
  total?: number;
  upcoming_sessions: number;
  next_session_at: Timestamp | null;
  last_visit_at: Timestamp | null;
  credits: number;
}

interface SessionRow {
  id: string;
  start_time: Timestamp;
  end_time: Timestamp;
  status: BookingStatus;
  price_minor: number | null;
  currency: string;
  client_package_id: string | null;
  notes: string | null;
}

interface StatsRow {
  completed: number;
  no_shows: number;
  cancellations: number;
  bookings: number;
  purchases: number;
  payments: number;
}

/** Which clients: the trainer's, optionally one status and a search text (already trimmed and bounded). */
export interface ClientWhere {
  trainerId: string;
  status?: ClientStatus;
  q?: string;
}

export interface SummaryWindow {
  id?: string;
  after?: { value: string; id: string };
  limit: number;
  offset?: number;
  withTotal?: boolean;
  sort?: ClientListSort;
}

/** Escapes LIKE's wildcards so "50%" or "a_b" match literally (backslash is LIKE's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export function toSummary(row: SummaryRow): ClientSummary {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailOptOutAt: row.email_opt_out_at === null ? null : new Date(row.email_opt_out_at),
    phone: row.phone,
    notes: row.notes,
    status: row.status,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    upcomingSessions: row.upcoming_sessions,
    nextSessionAt: row.next_session_at === null ? null : new Date(row.next_session_at),
    lastVisitAt: row.last_visit_at === null ? null : new Date(row.last_visit_at),
    credits: row.credits,
  };
}

function toSession(row: SessionRow): ClientSession {
  return {
    id: row.id,
    startTime: new Date(row.start_time),
    endTime: new Date(row.end_time),
    status: row.status,
    priceMinor: row.price_minor,
    currency: row.currency,
    paidByPackage: row.client_package_id !== null,
    notes: row.notes,
  };
}

const ACTIVE = `('${BookingStatus.Pending}', '${BookingStatus.Confirmed}')`;

/** Upcoming sessions, next session and last visit (the start of the last completed session) of client `alias`. */
const VISITS = (alias: string) => `left join lateral (
    select count(*) filter (where b.status in ${ACTIVE} and b.start_time > now())::int as upcoming_sessions,
           min(b.start_time) filter (where b.status in ${ACTIVE} and b.start_time > now()) as next_session_at,
           max(b.start_time) filter (where b.status = '${BookingStatus.Completed}') as last_visit_at
      from bookings b where b.client_id = ${alias}.id
  ) s on true`;

/** Credits usable now: what is left on unexpired purchases. */
const CREDITS = (alias: string) => `left join lateral (
    select coalesce(sum(cp.credits_remaining) filter (where cp.expires_at is null or cp.expires_at > now()), 0)::int as credits
      from client_packages cp where cp.client_id = ${alias}.id
  ) cr on true`;

/** Whitelisted orders; ties always fall back to the name, then the id, so pages never overlap. */
const ORDER: Record<ClientListSort['key'], Record<ClientListSort['dir'], string>> = {
  name: { asc: 'lower(c.name) asc, c.id asc', desc: 'lower(c.name) desc, c.id desc' },
  lastVisit: {
    asc: 's.last_visit_at asc nulls first, lower(c.name), c.id',
    desc: 's.last_visit_at desc nulls last, lower(c.name), c.id',
  },
  credits: { asc: 'cr.credits asc, lower(c.name), c.id', desc: 'cr.credits desc, lower(c.name), c.id' },
};

/** The clients module's SQL. Every method runs on the EntityManager it is given (default: the request's). */
@Injectable()
export class ClientsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * A page of clients with, for just those rows, their visits and credits. Sorted by name, the page is cut
   * first and the lateral joins run once per row shown; sorted by last visit or credits, they must run before.
   */
  async summaries(where: ClientWhere, window: SummaryWindow, em: EntityManager = this.em): Promise<SummaryRow[]> {
    const filter = this.where(where);
    const clauses = [filter.sql];
    const params = [...filter.params];
    if (window.id) {
      clauses.push('c.id = ?::uuid');
      params.push(window.id);
    }
    if (window.after) {
      clauses.push('(lower(c.name), c.id) > (?::text, ?::uuid)');
      params.push(window.after.value, window.after.id);
    }
    params.push(window.limit);
    if (window.offset) params.push(window.offset);
    const sort = window.sort ?? { key: 'name', dir: 'asc' };
    const total = window.withTotal ? ', (count(*) over ())::int as total' : '';
    const limit = `limit ?${window.offset ? ' offset ?' : ''}`;
    const columns =
      'c.id, c.name, c.email, c.email_opt_out_at, c.phone, c.notes, c.status, c.created_at, c.updated_at, lower(c.name) as sort_name';
    if (sort.key === 'name') {
      return em.execute<SummaryRow[]>(
        `with c as (select ${columns}${total} from clients c where ${clauses.join(' and ')} order by ${ORDER.name[sort.dir]} ${limit})
         select c.*, s.upcoming_sessions, s.next_session_at, s.last_visit_at, cr.credits
           from c ${VISITS('c')} ${CREDITS('c')}
          order by ${ORDER.name[sort.dir]}`,
        params,
      );
    }
    return em.execute<SummaryRow[]>(
      `select ${columns}${total}, s.upcoming_sessions, s.next_session_at, s.last_visit_at, cr.credits
         from clients c ${VISITS('c')} ${CREDITS('c')}
        where ${clauses.join(' and ')}
        order by ${ORDER[sort.key][sort.dir]} ${limit}`,
      params,
    );
  }

  async count(where: ClientWhere, em: EntityManager = this.em): Promise<number> {
    const filter = this.where(where);
    const [row] = await em.execute<Array<{ total: number }>>(
      `select count(*)::int as total from clients c where ${filter.sql}`,
      filter.params,
    );
    return row?.total ?? 0;
  }

  /** The client page's sessions: the next ones, the latest that started, and the counts beside them. */
  async detailOf(clientId: string, limits: { upcoming: number; recent: number }, em: EntityManager = this.em) {
    const columns = 'b.id, b.start_time, b.end_time, b.status, b.price_minor, b.currency, b.client_package_id, b.notes';
    const [upcoming, recent, [stats]] = await Promise.all([
      em.execute<SessionRow[]>(
        `select ${columns} from bookings b where b.client_id = ? and b.start_time > now() order by b.start_time asc, b.id asc limit ?`,
        [clientId, limits.upcoming],
      ),
      em.execute<SessionRow[]>(
        `select ${columns} from bookings b where b.client_id = ? and b.start_time <= now() order by b.start_time desc, b.id desc limit ?`,
        [clientId, limits.recent],
      ),
      em.execute<StatsRow[]>(
        `select (count(*) filter (where b.status = 'completed'))::int as completed,
                (count(*) filter (where b.status = 'no_show'))::int as no_shows,
                (count(*) filter (where b.status = 'cancelled'))::int as cancellations,
                count(*)::int as bookings,
                (select count(*)::int from client_packages cp where cp.client_id = ?) as purchases,
                (select count(*)::int from payments pm where pm.client_id = ?) as payments
           from bookings b where b.client_id = ?`,
        [clientId, clientId, clientId],
      ),
    ]);
    return {
      upcoming: upcoming.map(toSession),
      recent: recent.map(toSession),
      stats: stats ?? { completed: 0, no_shows: 0, cancellations: 0, bookings: 0, purchases: 0, payments: 0 },
    };
  }

  /** How much history would block deleting the client. */
  async historyOf(clientId: string, em: EntityManager = this.em): Promise<ClientHistory> {
    const [row] = await em.execute<Array<Record<keyof ClientHistory, number>>>(
      `select (select count(*)::int from bookings b where b.client_id = ?) as bookings,
              (select count(*)::int from client_packages cp where cp.client_id = ?) as purchases,
              (select count(*)::int from payments pm where pm.client_id = ?) as payments`,
      [clientId, clientId, clientId],
    );
    return { bookings: row?.bookings ?? 0, purchases: row?.purchases ?? 0, payments: row?.payments ?? 0 };
  }

  /** Active clients for a dropdown, by name. */
  activeOptions(trainerId: string, em: EntityManager = this.em): Promise<ClientOption[]> {
    return em.execute<ClientOption[]>(
      `select c.id, c.name from clients c where c.trainer_id = ? and c.status = 'active' order by lower(c.name), c.id`,
      [trainerId],
    );
  }

  private where(where: ClientWhere): { sql: string; params: unknown[] } {
    const clauses = ['c.trainer_id = ?'];
    const params: unknown[] = [where.trainerId];
    if (where.status) {
      clauses.push('c.status = ?::client_status');
      params.push(where.status);
    }
    if (where.q) {
      clauses.push(`${SEARCH_EXPRESSION} like '%' || lower(?::text) || '%'`);
      params.push(escapeLike(where.q));
    }
    return { sql: clauses.join(' and '), params };
  }
}
