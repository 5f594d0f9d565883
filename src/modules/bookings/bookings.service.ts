import { DriverException, EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { decodeCursor, invalidCursor, toPage, type Page } from '../../common/pagination/cursor.js';
import { formatTimeRange } from '../../common/time/format.js';
import { addDays, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { AvailabilityService } from '../availability/availability.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Client } from '../clients/client.entity.js';
import { ClientsService } from '../clients/clients.service.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { canApply, statusAfter, transitionRefusal, type BookingAction } from './booking-state-machine.js';
import { BookingStatus, CancelledBy, SLOT_HOLDING_STATUSES } from './booking-status.js';
import { Booking } from './booking.entity.js';
import { BookingError, BookingErrorCode } from './booking.errors.js';
import {
  DURATION_LIMITS,
  durationOf,
  NOTES_MAX,
  PRICE_MAX_MINOR,
  REASON_MAX,
  type BookingFilter,
  type CreateBookingInput,
  type RescheduleInput,
} from './bookings.types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXCLUSION_VIOLATION = '23P01';

export interface BookingResult {
  booking: Booking;
  /** Outside-hours or day-off notes the trainer booked through. */
  warnings: string[];
}

/**
 * Sessions: booking, rescheduling and the status lifecycle. The exclusion constraint bookings_no_overlap is
 * the guarantee against double booking; the pre-check here only exists to name the clashing session.
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly availability: AvailabilityService,
    private readonly clients: ClientsService,
  ) {}

  async create(actor: Actor, input: CreateBookingInput): Promise<BookingResult> {
    const trainerId = trainerIdOf(actor);
    this.validateTiming(input.startTime, input.durationMinutes);
    this.validateExtras(input);
    const client = await this.bookableClient(actor, input.clientId);
    const trainer = await this.em.findOneOrFail(Trainer, { id: trainerId });
    const start = input.startTime;
    const end = new Date(start.getTime() + input.durationMinutes * 60_000);
    const warnings = await this.hoursWarnings(actor, start, end, input);
    await this.refuseOverlap(actor, start, end);
    const booking = this.em.create(Booking, {
      trainer,
      client,
      startTime: start,
      endTime: end,
      status: BookingStatus.Pending,
      priceMinor: input.priceMinor ?? null,
      currency: trainer.currency,
      notes: input.notes?.trim() || null,
    });
    await this.flushGuarded(actor, start, end);
    return { booking, warnings };
  }

  async get(actor: Actor, id: string): Promise<Booking> {
    const trainerId = trainerIdOf(actor);
    const booking = UUID.test(id) ? await this.em.findOne(Booking, { id, trainer: trainerId }, { populate: ['client'] }) : null;
    if (!booking) throw new BookingError(BookingErrorCode.NotFound, 'That session doesn’t exist.');
    return booking;
  }

  /** Keyset-paginated list in a stable (start_time, id) order; one query per page whatever its size. */
  async list(actor: Actor, filter: BookingFilter): Promise<Page<Booking>> {
    const trainerId = trainerIdOf(actor);
    const where: FilterQuery<Booking> & Record<string, unknown> = { trainer: trainerId };
    const startTime: Record<string, Date> = {};
    if (filter.from) startTime.$gte = filter.from;
    if (filter.to) startTime.$lt = filter.to;
    if (filter.statuses?.length) where.status = { $in: filter.statuses };
    if (filter.clientId) {
      if (!UUID.test(filter.clientId)) return { items: [], nextCursor: null };
      where.client = filter.clientId;
    }
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      const afterStart = new Date(after.value);
      if (Number.isNaN(afterStart.getTime())) throw invalidCursor();
      const op = filter.order === 'asc' ? '$gt' : '$lt';
      where.$or = [{ startTime: { [op]: afterStart } }, { startTime: afterStart, id: { [op]: after.id } }];
    }
    if (Object.keys(startTime).length > 0) where.startTime = startTime;
    const rows = await this.em.find(Booking, where, {
      populate: ['client'],
      orderBy: [{ startTime: filter.order }, { id: filter.order }],
      limit: filter.limit + 1,
      offset: filter.page && !filter.cursor ? (filter.page - 1) * filter.limit : undefined,
    });
    return toPage(rows, filter.limit, (row) => ({ value: row.startTime.toISOString(), id: row.id }));
  }

  /** Every session starting in the local week that begins on `monday`, for the week calendar; one query. */
  async inWeek(actor: Actor, monday: string): Promise<Booking[]> {
    const from = zonedTimeToUtc(monday, '00:00', actor.timeZone);
    const to = zonedTimeToUtc(addDays(monday, 7), '00:00', actor.timeZone);
    return this.em.find(
      Booking,
      { trainer: trainerIdOf(actor), startTime: { $gte: from, $lt: to } },
      { populate: ['client'], orderBy: [{ startTime: 'asc' }, { id: 'asc' }] },
    );
  }

  async reschedule(actor: Actor, id: string, input: RescheduleInput): Promise<BookingResult> {
    const booking = await this.get(actor, id);
    const start = input.startTime ?? booking.startTime;
    const durationMinutes = input.durationMinutes ?? durationOf(booking);
    this.validateTiming(start, durationMinutes);
    this.assertAllowed(booking, 'reschedule');
    const end = new Date(start.getTime() + durationMinutes * 60_000);
    const warnings = await this.hoursWarnings(actor, start, end, input);
    await this.refuseOverlap(actor, start, end, booking.id);
    booking.startTime = start;
    booking.endTime = end;
    booking.scheduleVersion += 1;
    await this.flushGuarded(actor, start, end, booking.id);
    return { booking, warnings };
  }

  confirm(actor: Actor, id: string): Promise<Booking> {
    return this.transition(actor, id, 'confirm');
  }

  complete(actor: Actor, id: string): Promise<Booking> {
    return this.transition(actor, id, 'complete');
  }

  markNoShow(actor: Actor, id: string): Promise<Booking> {
    return this.transition(actor, id, 'no_show');
  }

  /** Cancels, recording who asked (the trainer, or the client through the trainer), when and why. */
  async cancel(actor: Actor, id: string, input: { reason?: string | null; by?: CancelledBy }): Promise<Booking> {
    const reason = input.reason?.trim() || null;
    if (reason && reason.length > REASON_MAX) {
      throw new BookingError(BookingErrorCode.InvalidInput, `Keep the reason under ${REASON_MAX} characters.`, {
        fields: { reason: [`Use at most ${REASON_MAX} characters.`] },
      });
    }
    return this.transition(actor, id, 'cancel', {
      cancelledAt: new Date(),
      cancelledBy: input.by ?? CancelledBy.Trainer,
      cancelledByUser: actor.kind === 'user' ? actor.userId : null,
      cancellationReason: reason,
    });
  }

  /**
   * Applies a status change with a conditional update, so two racing actions (confirm and cancel, say) cannot
   * both win: the loser finds the row already moved and gets the same clear 409 as a sequential caller.
   */
  private async transition(
    actor: Actor,
    id: string,
    action: Exclude<BookingAction, 'reschedule'>,
    extra: Record<string, unknown> = {},
  ): Promise<Booking> {
    const booking = await this.get(actor, id);
    this.assertAllowed(booking, action);
    const updated = await this.em.nativeUpdate(
      Booking,
      { id: booking.id, trainer: trainerIdOf(actor), status: booking.status },
      { status: statusAfter(action), updatedAt: new Date(), ...extra },
    );
    // The identity map holds the old row either way; reload what the database now says.
    this.em.clear();
    const current = await this.get(actor, id);
    if (updated !== 1) {
      throw new BookingError(BookingErrorCode.InvalidTransition, transitionRefusal(current.status, action), { currentStatus: current.status });
    }
    return current;
  }

  private assertAllowed(booking: Booking, action: BookingAction): void {
    if (!canApply(booking.status, action)) {
      throw new BookingError(BookingErrorCode.InvalidTransition, transitionRefusal(booking.status, action), { currentStatus: booking.status });
    }
  }

  /** The clients module decides who is bookable; a missing client is reported against the form's field. */
  private async bookableClient(actor: Actor, clientId: string): Promise<Client> {
    try {
      return await this.clients.getBookable(actor, clientId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') {
        throw new BookingError(BookingErrorCode.ClientNotFound, 'That client doesn’t exist.', { fields: { clientId: ['Choose one of your clients.'] } });
      }
      throw error;
    }
  }

  private validateTiming(start: Date, durationMinutes: number): void {
    const fields: Record<string, string[]> = {};
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) fields.startTime = ['Enter a valid date and time.'];
    if (!Number.isInteger(durationMinutes) || durationMinutes < DURATION_LIMITS.min || durationMinutes > DURATION_LIMITS.max) {
      fields.durationMinutes = [`Choose a length between ${DURATION_LIMITS.min} and ${DURATION_LIMITS.max} minutes.`];
    }
    if (Object.keys(fields).length > 0) throw new BookingError(BookingErrorCode.InvalidTime, 'Check the date, time and length.', { fields });
  }

  private validateExtras(input: CreateBookingInput): void {
    const fields: Record<string, string[]> = {};
    const price = input.priceMinor;
    if (price !== undefined && price !== null && (!Number.isInteger(price) || price < 0 || price > PRICE_MAX_MINOR)) {
      fields.priceMinor = ['Enter a price of zero or more.'];
    }
    if (input.notes && input.notes.length > NOTES_MAX) fields.notes = [`Keep notes under ${NOTES_MAX} characters.`];
    if (Object.keys(fields).length > 0) throw new BookingError(BookingErrorCode.InvalidInput, 'Some fields need attention.', { fields });
  }

  private async hoursWarnings(
    actor: Actor,
    start: Date,
    end: Date,
    input: { acceptOutsideHours?: boolean; requireHoursConfirmation?: boolean },
  ): Promise<string[]> {
    const warnings = await this.availability.warningsFor(actor, start, end);
    if (warnings.length > 0 && input.requireHoursConfirmation && !input.acceptOutsideHours) {
      throw new BookingError(BookingErrorCode.OutsideWorkingHours, warnings.join(' '), { warnings, fields: { startTime: warnings } });
    }
    return warnings;
  }

  /** The friendly message: names the session in the way. The constraint still decides races. */
  private async refuseOverlap(actor: Actor, start: Date, end: Date, ignoreId?: string): Promise<void> {
    const clash = await this.findClash(trainerIdOf(actor), start, end, ignoreId);
    if (clash) throw this.overlapError(clash, actor.timeZone);
  }

  private async findClash(trainerId: string, start: Date, end: Date, ignoreId?: string): Promise<Booking | null> {
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

  private async flushGuarded(actor: Actor, start: Date, end: Date, ignoreId?: string): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (!(error instanceof DriverException) || error.code !== EXCLUSION_VIOLATION) throw error;
      // Lost a race to a concurrent booking: name the winner for the caller, on a clean context.
      this.em.clear();
      const clash = await this.findClash(trainerIdOf(actor), start, end, ignoreId);
      throw this.overlapError(clash, actor.timeZone);
    }
  }

  private overlapError(clash: Booking | null, timeZone: string): BookingError {
    if (!clash) return new BookingError(BookingErrorCode.Overlap, 'That time overlaps another session.');
    const when = formatTimeRange(clash.startTime, clash.endTime, timeZone);
    return new BookingError(BookingErrorCode.Overlap, `That time overlaps with ${clash.client.name} ${when}.`, {
      conflictingBookingId: clash.id,
      fields: { startTime: [`Overlaps with ${clash.client.name} ${when}.`] },
    });
  }
}
