import { EntityManager, ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { ClientsRepository, toSummary, type ClientWhere, type SummaryWindow } from './clients.repository.js';
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
  type ClientListSort,
  type ClientStatusFilter,
  type ClientSummary,
  type CreateClientInput,
  type UpdateClientInput,
} from './clients.types.js';
import { isUuid } from '../../common/validation/validators.js';

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
  constructor(
    private readonly em: EntityManager,
    private readonly clients: ClientsRepository,
  ) {}

  /** Page-numbered list for the web (stable order: name without case, then id). */
  async listPage(
    actor: Actor,
    filter: ClientListFilter,
    page: number,
    pageSize: number = CLIENT_LIMITS.pageSize,
    sort?: ClientListSort,
  ): Promise<ClientNumberedPage> {
    const size = Math.min(Math.max(1, Math.trunc(pageSize) || CLIENT_LIMITS.pageSize), CLIENT_LIMITS.maxPageSize);
    let current = Math.max(1, Math.trunc(page) || 1);
    let rows = await this.summaries(actor, filter, {
      limit: size,
      offset: (current - 1) * size,
      withTotal: true,
      sort,
    });
    if (rows.length === 0 && current > 1) {
      // Past the end (say the last client of the last page was just archived): show the last page instead.
      const total = await this.count(actor, filter);
      current = Math.max(1, Math.ceil(total / size));
      rows = await this.summaries(actor, filter, { limit: size, offset: (current - 1) * size, withTotal: true, sort });
    }
    const total = Number(rows[0]?.total ?? 0);
    return {
      items: rows.map(toSummary),
      total,
      page: current,
      pageSize: size,
      pageCount: Math.max(1, Math.ceil(total / size)),
    };
  }

  /** Keyset-paginated list for the API: stable under inserts and deletes, one index range per page. */
  async listByCursor(
    actor: Actor,
    filter: ClientListFilter,
    options: { cursor?: string; limit?: number },
  ): Promise<ClientCursorPage> {
    const limit = Math.min(
      Math.max(1, Math.trunc(options.limit ?? CLIENT_LIMITS.pageSize) || CLIENT_LIMITS.pageSize),
      CLIENT_LIMITS.maxPageSize,
    );
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
    const { upcoming, recent, stats } = await this.clients.detailOf(client.id, {
      upcoming: CLIENT_LIMITS.upcomingSessions,
      recent: CLIENT_LIMITS.recentSessions,
    });
    return {
      client,
      upcoming,
      recent,
      completedSessions: stats.completed,
      noShows: stats.no_shows,
      cancellations: stats.cancellations,
      hasHistory: stats.bookings + stats.purchases + stats.payments > 0,
    };
  }

  /** How much history would block deleting the client. */
  async getHistory(actor: Actor, id: string): Promise<{ client: Client; history: ClientHistory }> {
    const client = await this.get(actor, id);
    return { client, history: await this.clients.historyOf(client.id) };
  }

  async create(actor: Actor, input: CreateClientInput): Promise<Client> {
    const trainerId = trainerIdOf(actor);
    const fields = this.validated(
      { name: input.name, email: input.email, phone: input.phone, notes: input.notes },
      true,
    );
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
    const fields = this.validated(
      { name: input.name, email: input.email, phone: input.phone, notes: input.notes },
      false,
    );
    if (input.status !== undefined && !Object.values(ClientStatus).includes(input.status)) {
      throw new ClientError(ClientErrorCode.InvalidClient, 'Choose active or archived.', {
        fields: { status: ['must be active or archived'] },
      });
    }
    if (fields.name !== undefined) client.name = fields.name;
    if (fields.email !== undefined) client.email = fields.email;
    if (fields.phone !== undefined) client.phone = fields.phone;
    if (fields.notes !== undefined) client.notes = fields.notes;
    if (input.status !== undefined) client.status = input.status;
    await this.em.flush();
    return client;
  }

  /**
   * Turns emails back on for a client who used an unsubscribe link (the trainer does it when the client asks):
   * reminders and notices still to come reach them again. A client who never opted out is left as they are.
   */
  async resumeEmails(actor: Actor, id: string): Promise<Client> {
    const client = await this.get(actor, id);
    if (client.emailOptOutAt) {
      client.emailOptOutAt = null;
      await this.em.flush();
    }
    return client;
  }

  /** Hides the client from lists and booking; their history stays. Archiving twice is harmless. */
  archive(actor: Actor, id: string): Promise<Client> {
    return this.update(actor, id, { status: ClientStatus.Archived });
  }

  unarchive(actor: Actor, id: string): Promise<Client> {
    return this.update(actor, id, { status: ClientStatus.Active });
  }

  /** Archives or unarchives, answering the client as a list row shows it. */
  async setArchived(actor: Actor, id: string, archived: boolean): Promise<ClientSummary> {
    const client = await this.update(actor, id, { status: archived ? ClientStatus.Archived : ClientStatus.Active });
    return this.getSummary(actor, client.id);
  }

  /** Saves an edit, answering the client as a list row shows it. */
  async updateSummary(actor: Actor, id: string, input: UpdateClientInput): Promise<ClientSummary> {
    const client = await this.update(actor, id, input);
    return this.getSummary(actor, client.id);
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
    const history = await this.clients.historyOf(client.id);
    if (history.bookings + history.purchases + history.payments > 0) throw this.hasHistory(client.name, history);
    try {
      await this.em.nativeDelete(Client, { id: client.id, trainer: trainerIdOf(actor) });
    } catch (error) {
      if (error instanceof ForeignKeyConstraintViolationException)
        throw this.hasHistory(client.name, await this.clients.historyOf(client.id));
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
    return this.clients.activeOptions(trainerIdOf(actor));
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

  private whereOf(actor: Actor, filter: ClientListFilter): ClientWhere {
    const status = statusFilter(filter.status);
    const q = (filter.q ?? '').trim().slice(0, CLIENT_LIMITS.query);
    return {
      trainerId: trainerIdOf(actor),
      status: status === 'all' ? undefined : (status as ClientStatus),
      q: q || undefined,
    };
  }

  private count(actor: Actor, filter: ClientListFilter): Promise<number> {
    return this.clients.count(this.whereOf(actor, filter));
  }

  private summaries(actor: Actor, filter: ClientListFilter, window: SummaryWindow) {
    return this.clients.summaries(this.whereOf(actor, filter), window);
  }
}
