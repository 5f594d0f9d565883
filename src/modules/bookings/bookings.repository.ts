import { EntityManager, type EntityData } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { BookingRead } from './booking-read.types.js';
import { SLOT_HOLDING_STATUSES, type BookingStatus } from './booking-status.js';
import type { BookingsTable } from './bookings.table.js';
import { Booking } from './booking.entity.js';
import { earliestOverlappingStart } from './bookings.types.js';

/** The columns the list reads (typed Kysely); the rest of the schema belongs to the entities. */
interface BookingsListDb {
  bookings: BookingsTable;
  clients: { id: string; name: string };
  credit_ledger_entries: { booking_id: string | null; kind: string };
}

type ListColumns = Omit<BookingsListDb['bookings'], 'trainer_id'> & { client_name: string };

/** A list row: the session as read, plus (for the web list) how its credit has moved since. */
export interface BookingRow extends BookingRead {
  creditRefunded: boolean;
  creditAdjusted: boolean;
}

function toBookingRow(row: ListColumns, refunded: boolean, adjusted: boolean): BookingRow {
  return {
    id: row.id,
    client: { id: row.client_id, name: row.client_name },
    clientPackage: row.client_package_id ? { id: row.client_package_id } : null,
    startTime: new Date(row.start_time),
    endTime: new Date(row.end_time),
    status: row.status,
    priceMinor: row.price_minor,
    currency: row.currency,
    paid: row.paid,
    notes: row.notes,
    cancelledAt: row.cancelled_at === null ? null : new Date(row.cancelled_at),
    cancelledBy: row.cancelled_by,
    cancellationReason: row.cancellation_reason,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    creditRefunded: refunded,
    creditAdjusted: adjusted,
  };
}

/** The state a session was read in; a conditional update only wins while the row is still in it. */
export interface ReadState {
  id: string;
  status: BookingStatus;
  scheduleVersion: number;
}

/** One page of the list, whitelisted by the service (nothing from a request reaches the where clause). */
export interface BookingPageQuery {
  from?: Date;
  to?: Date;
  statuses?: readonly BookingStatus[];
  clientId?: string;
  /** Keyset position: strictly after this (start, id) in the list's order. */
  after?: { start: Date; id: string };
  order: 'asc' | 'desc';
  limit: number;
  offset?: number;
}

/**
 * The bookings table, as typed MikroORM queries on the injected EntityManager. MikroORM resolves that manager
 * to the current request context and, inside `em.transactional`, to the open transaction, so every statement
 * runs in the caller's transaction (writes inside one take the transaction's manager explicitly). Only BookingsService calls it, and it passes the trainer id (tenancy).
 */
@Injectable()
export class BookingsRepository {
  constructor(private readonly em: EntityManager) {}

  private get db() {
    return this.em.getKysely<BookingsListDb>();
  }

  findOwn(trainerId: string, id: string): Promise<Booking | null> {
    return this.em.findOne(Booking, { id, trainer: trainerId }, { populate: ['client'] });
  }

  /**
   * One page of the list as plain rows (no entity hydration): one statement whatever the page size. The keyset
   * is a row comparison, `(start_time, id) > ($1, $2)`, which PostgreSQL turns into a range on the
   * (trainer_id, start_time, id) index, so a page 100,000 rows deep costs what the first page costs (the OR form
   * `start_time > $1 or (start_time = $1 and id > $2)` is only a filter, read from the trainer's first booking).
   * With `creditFacts`, each row also says whether its credit was refunded or given back (for "Give credit
   * back"), looked up only for the rows that could be waived.
   */
  async page(
    trainerId: string,
    query: BookingPageQuery,
    options: { creditFacts?: boolean } = {},
  ): Promise<BookingRow[]> {
    let select = this.db
      .selectFrom('bookings as b')
      .innerJoin('clients as c', 'c.id', 'b.client_id')
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
      ])
      .where('b.trainer_id', '=', trainerId);
    if (query.from) select = select.where('b.start_time', '>=', query.from);
    if (query.to) select = select.where('b.start_time', '<', query.to);
    if (query.statuses?.length) select = select.where('b.status', 'in', [...query.statuses]);
    if (query.clientId) select = select.where('b.client_id', '=', query.clientId);
    const after = query.after;
    if (after) {
      const op = query.order === 'asc' ? '>' : '<';
      select = select.where((eb) => eb(eb.refTuple('b.start_time', 'b.id'), op, eb.tuple(after.start, after.id)));
    }
    select = select.orderBy('b.start_time', query.order).orderBy('b.id', query.order).limit(query.limit);
    if (query.offset) select = select.offset(query.offset);
    if (!options.creditFacts) return (await select.execute()).map((row) => toBookingRow(row, false, false));
    const movement = (kind: 'refund' | 'adjust') =>
      sql<boolean>`(b.client_package_id is not null and b.status in ('no_show', 'cancelled') and exists (
        select 1 from credit_ledger_entries l where l.booking_id = b.id and l.kind = ${kind}))`;
    const rows = await select.select([movement('refund').as('refunded'), movement('adjust').as('adjusted')]).execute();
    return rows.map((row) => toBookingRow(row, row.refunded, row.adjusted));
  }

  /** Every session starting in [from, to), soonest first. */
  startingBetween(trainerId: string, from: Date, to: Date): Promise<Booking[]> {
    return this.em.find(
      Booking,
      { trainer: trainerId, startTime: { $gte: from, $lt: to } },
      { populate: ['client'], orderBy: [{ startTime: 'asc' }, { id: 'asc' }] },
    );
  }

  /**
   * The first session holding time that overlaps [start, end), to name it in the overlap message. start_time is
   * bounded below by the longest session, so the index range is a few rows, not the trainer's whole history.
   */
  findClash(trainerId: string, start: Date, end: Date, ignoreId?: string): Promise<Booking | null> {
    return this.em.findOne(
      Booking,
      {
        trainer: trainerId,
        status: { $in: [...SLOT_HOLDING_STATUSES] },
        startTime: { $lt: end, $gt: earliestOverlappingStart(start) },
        endTime: { $gt: start },
        ...(ignoreId ? { id: { $ne: ignoreId } } : {}),
      },
      { populate: ['client'], orderBy: { startTime: 'asc' } },
    );
  }

  /** Changes the status only if it is still the one read; answers 1 for the winner, 0 for a lost race. */
  setStatusIfUnchanged(
    em: EntityManager,
    trainerId: string,
    read: ReadState,
    changes: EntityData<Booking> & { status: BookingStatus },
  ): Promise<number> {
    return em.nativeUpdate(
      Booking,
      { id: read.id, trainer: trainerId, status: read.status },
      { ...changes, updatedAt: new Date() },
    );
  }

  /** Moves the session only if neither its status nor its schedule changed since it was read. */
  moveIfUnchanged(trainerId: string, read: ReadState, start: Date, end: Date): Promise<number> {
    return this.em.nativeUpdate(
      Booking,
      { id: read.id, trainer: trainerId, status: read.status, scheduleVersion: read.scheduleVersion },
      { startTime: start, endTime: end, scheduleVersion: read.scheduleVersion + 1, updatedAt: new Date() },
    );
  }
}
