import { EntityManager, ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { BookingStatus } from '../bookings/booking-status.js';
import { retryTransientConflict } from '../../database/retry-transaction.js';
import { Client, ClientStatus } from './client.entity.js';
import { ClientError, ClientErrorCode } from './client.errors.js';
import { clientFieldProblems, normaliseClientFields, type NormalisedClientFields } from './client.rules.js';
import {
  CLIENT_LIMITS,
  CLIENT_STATUS_FILTERS,
  type ClientCursorPage,
  type ClientDetail,
  type ClientHistory,
  type ClientListFilter,
  type ClientNumberedPage,
  type ClientOption,
  type ClientSession,
  type ClientStatusFilter,
  type ClientSummary,
  type CreateClientInput,
  type UpdateClientInput,
} from './clients.types.js';
import { isUuid } from '../../common/validation/validators.js';

/** The search expression, written exactly as the trigram index clients_search_trgm_idx so the index serves it. */
const SEARCH_EXPRESSION = `lower(c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, ''))`;

interface SummaryRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  status: ClientStatus;
  created_at: Date | string;
  updated_at: Date | string;
  sort_name: string;
  total?: string | number;
  upcoming_sessions: string | number | null;
  next_session_at: Date | string | null;
  last_visit_at: Date | string | null;
}

interface SessionRow {
  id: string;
  start_time: Date | string;
  end_time: Date | string;
  status: BookingStatus;
  price_minor: number | null;
  currency: string;
  client_package_id: string | null;
  notes: string | null;
}

interface SummaryWindow {
  id?: string;
  after?: { value: string; id: string };
  limit: number;
  offset?: number;
  withTotal?: boolean;
}

/** Escapes LIKE's wildcards so "50%" or "a_b" match literally (backslash is LIKE's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toDate(value: Date | string): Date;
function toDate(value: Date | string | null): Date | null;
function toDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

function toSummary(row: SummaryRow): ClientSummary {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    notes: row.notes,
    status: row.status,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    upcomingSessions: Number(row.upcoming_sessions ?? 0),
    nextSessionAt: toDate(row.next_session_at),
    lastVisitAt: toDate(row.last_visit_at),
  };
}

function toSession(row: SessionRow): ClientSession {
  return {
    id: row.id,
    startTime: toDate(row.start_time),
    endTime: toDate(row.end_time),
    status: row.status,
    priceMinor: row.price_minor,
    currency: row.currency,
    paidByPackage: row.client_package_id !== null,
    notes: row.notes,
  };
}

function statusFilter(value: ClientStatusFilter | undefined): ClientStatusFilter {
  return value && CLIENT_STATUS_FILTERS.includes(value) ? value : 'active';
}

function historyMessage(name: string, history: ClientHistory): string {
  const parts = [
    history.bookings > 0 ? `${history.bookings} session${history.bookings === 1 ? '' : 's'}` : null,
    history.purchases > 0 ? `${history.purchases} package purchase${history.purchases === 1 ? '' : 's'}` : null,
    history.payments > 0 ? `${history.payments} payment${history.payments === 1 ? '' : 's'}` : null,
  ].filter((part): part is string => part !== null);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'history');
  return `${name} has ${list} on record, so they can’t be deleted. Archive them instead: they leave your lists and can’t be booked, and their history is kept.`;
}

/**
 * A trainer's clients. Every query is scoped to the actor's trainer, so another trainer's client is
 * indistinguishable from one that does not exist.
 */
@Injectable()
export class ClientsService {
  constructor(private readonly em: EntityManager) {}

  /** Page-numbered list for the web (stable order: name without case, then id). */
  async listPage(actor: Actor, filter: ClientListFilter, page: number, pageSize: number = CLIENT_LIMITS.pageSize): Promise<ClientNumberedPage> {
    const size = Math.min(Math.max(1, Math.trunc(pageSize) || CLIENT_LIMITS.pageSize), CLIENT_LIMITS.maxPageSize);
    let current = Math.max(1, Math.trunc(page) || 1);
    let rows = await this.summaries(actor, filter, { limit: size, offset: (current - 1) * size, withTotal: true });
    if (rows.length === 0 && current > 1) {
      // Past the end (say the last client of the last page was just archived): show the last page instead.
      const total = await this.count(actor, filter);
      current = Math.max(1, Math.ceil(total / size));
      rows = await this.summaries(actor, filter, { limit: size, offset: (current - 1) * size, withTotal: true });
    }
    const total = Number(rows[0]?.total ?? 0);
    return { items: rows.map(toSummary), total, page: current, pageSize: size, pageCount: Math.max(1, Math.ceil(total / size)) };
  }

  /** Keyset-paginated list for the API: stable under inserts and deletes, one index range per page. */
  async listByCursor(actor: Actor, filter: ClientListFilter, options: { cursor?: string; limit?: number }): Promise<ClientCursorPage> {
    const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? CLIENT_LIMITS.pageSize) || CLIENT_LIMITS.pageSize), CLIENT_LIMITS.maxPageSize);
    const after = options.cursor ? decodeCursor(options.cursor) : undefined;
    const rows = await this.summaries(actor, filter, { limit: limit + 1, after });
    const page = toPage(rows, limit, (row) => ({ value: row.sort_name, id: row.id }));
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
  }

  /** The client entity, if it is the actor's. */
  async get(actor: Actor, id: string): Promise<Client> {
    const trainerId = trainerIdOf(actor);
    if (typeof id !== 'string' || !isUuid(id)) throw ClientError.notFound();
    const client = await this.em.findOne(Client, { id: id.toLowerCase(), trainer: trainerId });
    if (!client) throw ClientError.notFound();
    return client;
  }

  /** One client as a list row (with upcoming sessions and last visit). */
  async getSummary(actor: Actor, id: string): Promise<ClientSummary> {
    if (typeof id !== 'string' || !isUuid(id)) throw ClientError.notFound();
    const [row] = await this.summaries(actor, { status: 'all' }, { id: id.toLowerCase(), limit: 1 });
    if (!row) throw ClientError.notFound();
    return toSummary(row);
  }

  /** The client page: contact, notes, upcoming sessions and the most recent past ones. Four queries. */
  async getDetail(actor: Actor, id: string): Promise<ClientDetail> {
    const client = await this.getSummary(actor, id);
    const connection = this.em.getConnection();
    const columns = 'b.id, b.start_time, b.end_time, b.status, b.price_minor, b.currency, b.client_package_id, b.notes';
    const [upcoming, recent, [stats]] = await Promise.all([
      connection.execute<SessionRow[]>(
        `select ${columns} from bookings b where b.client_id = ? and b.start_time > now() order by b.start_time asc, b.id asc limit ?`,
        [client.id, CLIENT_LIMITS.upcomingSessions],
      ),
      connection.execute<SessionRow[]>(
        `select ${columns} from bookings b where b.client_id = ? and b.start_time <= now() order by b.start_time desc, b.id desc limit ?`,
        [client.id, CLIENT_LIMITS.recentSessions],
      ),
      connection.execute<Array<Record<'completed' | 'no_shows' | 'cancellations' | 'bookings' | 'purchases' | 'payments', string>>>(
        `select count(*) filter (where b.status = 'completed') as completed,
                count(*) filter (where b.status = 'no_show') as no_shows,
                count(*) filter (where b.status = 'cancelled') as cancellations,
                count(*) as bookings,
                (select count(*) from client_packages cp where cp.client_id = ?) as purchases,
                (select count(*) from payments pm where pm.client_id = ?) as payments
           from bookings b where b.client_id = ?`,
        [client.id, client.id, client.id],
      ),
    ]);
    return {
      client,
      upcoming: upcoming.map(toSession),
      recent: recent.map(toSession),
      completedSessions: Number(stats?.completed ?? 0),
      noShows: Number(stats?.no_shows ?? 0),
      cancellations: Number(stats?.cancellations ?? 0),
      hasHistory: Number(stats?.bookings ?? 0) + Number(stats?.purchases ?? 0) + Number(stats?.payments ?? 0) > 0,
    };
  }

  /** How much history would block deleting the client. */
  async getHistory(actor: Actor, id: string): Promise<{ client: Client; history: ClientHistory }> {
    const client = await this.get(actor, id);
    return { client, history: await this.historyOf(client.id) };
  }

  async create(actor: Actor, input: CreateClientInput): Promise<Client> {
    const trainerId = trainerIdOf(actor);
    const fields = this.validated({ name: input.name, email: input.email, phone: input.phone, notes: input.notes }, true);
    const client = this.em.create(Client, {
      trainer: trainerId,
      name: fields.name ?? '',
      email: fields.email ?? null,
      phone: fields.phone ?? null,
      notes: fields.notes ?? null,
    });
    await this.em.flush();
    return client;
  }

  /** Changes only the fields present; validates all of them first and reports every problem at once. */
  async update(actor: Actor, id: string, input: UpdateClientInput): Promise<Client> {
    const client = await this.get(actor, id);
    const fields = this.validated({ name: input.name, email: input.email, phone: input.phone, notes: input.notes }, false);
    if (input.status !== undefined && !Object.values(ClientStatus).includes(input.status)) {
      throw new ClientError(ClientErrorCode.InvalidClient, 'Choose active or archived.', { fields: { status: ['must be active or archived'] } });
    }
    if (fields.name !== undefined) client.name = fields.name;
    if (fields.email !== undefined) client.email = fields.email;
    if (fields.phone !== undefined) client.phone = fields.phone;
    if (fields.notes !== undefined) client.notes = fields.notes;
    if (input.status !== undefined) client.status = input.status;
    await this.em.flush();
    return client;
  }

  /** Hides the client from lists and booking; their history stays. Archiving twice is harmless. */
  archive(actor: Actor, id: string): Promise<Client> {
    return this.update(actor, id, { status: ClientStatus.Archived });
  }

  unarchive(actor: Actor, id: string): Promise<Client> {
    return this.update(actor, id, { status: ClientStatus.Active });
  }

  /**
   * Deletes a client without history. With bookings, purchases or payments it answers client_has_history;
   * the foreign keys (on delete restrict) make that true even if a booking lands between check and delete.
   */
  async delete(actor: Actor, id: string): Promise<{ id: string; name: string }> {
    // A deadlock with a concurrent booking is retried once; by then the booking is there and the answer is 409.
    return retryTransientConflict(
      () => this.deleteOnce(actor, id),
      () => this.em.clear(),
    );
  }

  private async deleteOnce(actor: Actor, id: string): Promise<{ id: string; name: string }> {
    const client = await this.get(actor, id);
    const history = await this.historyOf(client.id);
    if (history.bookings + history.purchases + history.payments > 0) throw this.hasHistory(client.name, history);
    try {
      await this.em.nativeDelete(Client, { id: client.id, trainer: trainerIdOf(actor) });
    } catch (error) {
      if (error instanceof ForeignKeyConstraintViolationException) throw this.hasHistory(client.name, await this.historyOf(client.id));
      throw error;
    }
    this.em.getUnitOfWork().unsetIdentity(client);
    return { id: client.id, name: client.name };
  }

  /**
   * For the bookings module: the client if they are the actor's and can be booked. Another trainer's client
   * answers not_found; an archived one client_archived (422, with a message for the clientId field).
   */
  async getBookable(actor: Actor, clientId: string): Promise<Client> {
    const client = await this.get(actor, clientId);
    if (client.status === ClientStatus.Archived) {
      const message = 'This client is archived. Unarchive them to book.';
      throw new ClientError(ClientErrorCode.Archived, message, { fields: { clientId: [message] } });
    }
    return client;
  }

  /** Active clients for a booking form's dropdown, by name. */
  async listActiveForSelect(actor: Actor): Promise<ClientOption[]> {
    const rows = await this.em.getConnection().execute<ClientOption[]>(
      `select c.id, c.name from clients c where c.trainer_id = ? and c.status = 'active' order by lower(c.name), c.id`,
      [trainerIdOf(actor)],
    );
    return rows.map((row) => ({ id: row.id, name: row.name }));
  }

  private validated(input: Parameters<typeof normaliseClientFields>[0], requireName: boolean): NormalisedClientFields {
    const fields = normaliseClientFields(input);
    const problems = clientFieldProblems(fields, requireName);
    if (Object.keys(problems).length > 0) {
      throw new ClientError(ClientErrorCode.InvalidClient, 'Some details need attention.', { fields: problems });
    }
    return fields;
  }

  private hasHistory(name: string, history: ClientHistory): ClientError {
    return new ClientError(ClientErrorCode.HasHistory, historyMessage(name, history), { ...history });
  }

  private async historyOf(clientId: string): Promise<ClientHistory> {
    const [row] = await this.em.getConnection().execute<Array<Record<'bookings' | 'purchases' | 'payments', string>>>(
      `select (select count(*) from bookings b where b.client_id = ?) as bookings,
              (select count(*) from client_packages cp where cp.client_id = ?) as purchases,
              (select count(*) from payments pm where pm.client_id = ?) as payments`,
      [clientId, clientId, clientId],
    );
    return { bookings: Number(row?.bookings ?? 0), purchases: Number(row?.purchases ?? 0), payments: Number(row?.payments ?? 0) };
  }

  private where(actor: Actor, filter: ClientListFilter): { sql: string; params: unknown[] } {
    const clauses = ['c.trainer_id = ?'];
    const params: unknown[] = [trainerIdOf(actor)];
    const status = statusFilter(filter.status);
    if (status !== 'all') {
      clauses.push('c.status = ?::client_status');
      params.push(status);
    }
    const q = (filter.q ?? '').trim().slice(0, CLIENT_LIMITS.query);
    if (q !== '') {
      clauses.push(`${SEARCH_EXPRESSION} like '%' || lower(?::text) || '%'`);
      params.push(escapeLike(q));
    }
    return { sql: clauses.join(' and '), params };
  }

  private async count(actor: Actor, filter: ClientListFilter): Promise<number> {
    const where = this.where(actor, filter);
    const [row] = await this.em.getConnection().execute<Array<{ total: string }>>(`select count(*) as total from clients c where ${where.sql}`, where.params);
    return Number(row?.total ?? 0);
  }

  /**
   * One query for a page of clients and, for just those rows, their upcoming sessions and last visit: the
   * lateral join runs once per row on the page, whatever the size of the list.
   */
  private async summaries(actor: Actor, filter: ClientListFilter, window: SummaryWindow): Promise<SummaryRow[]> {
    const where = this.where(actor, filter);
    const clauses = [where.sql];
    const params = [...where.params];
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
    return this.em.getConnection().execute<SummaryRow[]>(
      `with page as (
         select c.id, c.name, c.email, c.phone, c.notes, c.status, c.created_at, c.updated_at, lower(c.name) as sort_name
                ${window.withTotal ? ', count(*) over () as total' : ''}
           from clients c
          where ${clauses.join(' and ')}
          order by lower(c.name), c.id
          limit ?${window.offset ? ' offset ?' : ''}
       )
       select p.*, s.upcoming_sessions, s.next_session_at, s.last_visit_at
         from page p
         left join lateral (
           select count(*) filter (where b.status in ('${BookingStatus.Pending}', '${BookingStatus.Confirmed}') and b.start_time > now()) as upcoming_sessions,
                  min(b.start_time) filter (where b.status in ('${BookingStatus.Pending}', '${BookingStatus.Confirmed}') and b.start_time > now()) as next_session_at,
                  max(b.start_time) filter (where b.status = '${BookingStatus.Completed}') as last_visit_at
             from bookings b
            where b.client_id = p.id
         ) s on true
        order by p.sort_name, p.id`,
      params,
    );
  }
}
