import { EntityManager, type EntityData, type FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SLOT_HOLDING_STATUSES, type BookingStatus } from './booking-status.js';
import { Booking } from './booking.entity.js';

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

  findOwn(trainerId: string, id: string): Promise<Booking | null> {
    return this.em.findOne(Booking, { id, trainer: trainerId }, { populate: ['client'] });
  }

  /** Stable (start_time, id) order, one statement whatever the page size. */
  page(trainerId: string, query: BookingPageQuery): Promise<Booking[]> {
    const where: FilterQuery<Booking> & Record<string, unknown> = { trainer: trainerId };
    const startTime: Record<string, Date> = {};
    if (query.from) startTime.$gte = query.from;
    if (query.to) startTime.$lt = query.to;
    if (Object.keys(startTime).length > 0) where.startTime = startTime;
    if (query.statuses?.length) where.status = { $in: [...query.statuses] };
    if (query.clientId) where.client = query.clientId;
    if (query.after) {
      const op = query.order === 'asc' ? '$gt' : '$lt';
      where.$or = [
        { startTime: { [op]: query.after.start } },
        { startTime: query.after.start, id: { [op]: query.after.id } },
      ];
    }
    return this.em.find(Booking, where, {
      populate: ['client'],
      orderBy: [{ startTime: query.order }, { id: query.order }],
      limit: query.limit,
      offset: query.offset,
    });
  }

  /** Every session starting in [from, to), soonest first. */
  startingBetween(trainerId: string, from: Date, to: Date): Promise<Booking[]> {
    return this.em.find(
      Booking,
      { trainer: trainerId, startTime: { $gte: from, $lt: to } },
      { populate: ['client'], orderBy: [{ startTime: 'asc' }, { id: 'asc' }] },
    );
  }

  /** The first session holding time that overlaps [start, end), to name it in the overlap message. */
  findClash(trainerId: string, start: Date, end: Date, ignoreId?: string): Promise<Booking | null> {
    return this.em.findOne(
      Booking,
      {
        trainer: trainerId,
        status: { $in: [...SLOT_HOLDING_STATUSES] },
        startTime: { $lt: end },
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
