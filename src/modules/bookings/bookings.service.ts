import { DriverException, EntityManager, type EntityData } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { decodeCursor, invalidCursor, toPage, type Page } from '../../common/pagination/cursor.js';
import { formatTimeRange } from '../../common/time/format.js';
import { addDays, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { AvailabilityService } from '../availability/availability.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Client } from '../clients/client.entity.js';
import { ClientsService } from '../clients/clients.service.js';
import { CreditError, CreditErrorCode } from '../packages/credit.errors.js';
import { CreditsService } from '../packages/credits.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { OutboxTopic } from '../outbox/outbox.types.js';
import { withLostReferences } from '../../database/lost-reference.js';
import { retryTransientConflict } from '../../database/retry-transaction.js';
import { decideCredit, waiveRefusal, type CreditDecision } from './credit-policy.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { refusalNow, statusAfter, type BookingAction } from './booking-state-machine.js';
import { BookingStatus, CancelledBy } from './booking-status.js';
import { Booking } from './booking.entity.js';
import { BookingError, BookingErrorCode } from './booking.errors.js';
import { BookingsRepository, type BookingRow } from './bookings.repository.js';
import type { BookingRead, SessionRead } from './booking-read.types.js';
import { CreditMovement } from '../packages/credit-ledger-entry.entity.js';
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
import { isUuid } from '../../common/validation/validators.js';

const EXCLUSION_VIOLATION = '23P01';

export interface CancelResult {
  booking: Booking;
  credit: CreditDecision;
}

export interface BookingResult {
  booking: Booking;
  /** Outside-hours or day-off notes the trainer booked through. */
  warnings: string[];
}

/**
 * Sessions: booking, rescheduling and the status lifecycle. The exclusion constraint bookings_no_overlap is
 * the guarantee against double booking, and the only check: when it refuses a write, the clashing session is
 * looked up to name it.
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly bookings: BookingsRepository,
    private readonly availability: AvailabilityService,
    private readonly clients: ClientsService,
    private readonly credits: CreditsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Books a session in as few statements as the rules allow, whatever the trainer's history: the client, the
   * hours check (one statement), then the insert and its outbox row in one transaction. There is no overlap pre-check: the exclusion constraint
   * bookings_no_overlap refuses a clash (23P01), and only then is the session in the way looked up to name it,
   * so a clash and a lost race answer the same 409. The trainer comes from the actor (currency), not a read.
   */
  async create(actor: Actor, input: CreateBookingInput): Promise<BookingResult> {
    const trainerId = trainerIdOf(actor);
    this.validateTiming(input.startTime, input.durationMinutes);
    this.validateExtras(input);
    const client = await this.bookableClient(actor, input.clientId);
    const start = input.startTime;
    const end = new Date(start.getTime() + input.durationMinutes * 60_000);
    const warnings = await this.hoursWarnings(actor, start, end, input);
    const creditFrom = await this.creditSource(actor, client.id, start, input);
    // Built unmanaged and written with one INSERT each (no flush, no change-set computation).
    const draft = () =>
      this.em.create(
        Booking,
        {
          trainer: this.em.getReference(Trainer, trainerId),
          client,
          startTime: start,
          endTime: end,
          status: BookingStatus.Pending,
          priceMinor: creditFrom ? null : (input.priceMinor ?? null),
          currency: actor.currency,
          paid: creditFrom !== null,
          clientPackage: creditFrom,
          notes: input.notes?.trim() || null,
        },
        { persist: false },
      );
    // One transaction for the booking, its credit (if any) and its outbox row: an overlap or a spent package
    // undoes all of them, and the reminders and the confirmation exist exactly when the booking does.
    const insert = (): Promise<Booking> =>
      this.em.transactional(async (em) => {
        const created = draft();
        await em.insert(created);
        if (creditFrom) {
          await this.credits.consume(em, actor, {
            clientPackageId: creditFrom,
            clientId: client.id,
            bookingId: created.id,
            at: start,
          });
        }
        await this.outbox.bookingChanged(em, OutboxTopic.BookingCreated, {
          trainerId,
          bookingId: created.id,
          scheduleVersion: created.scheduleVersion,
          origin: input.origin,
        });
        return created;
      });
    // A deadlock with a concurrent reschedule is retried once; then the overlap rule or the lost client answers.
    const booking = await this.guardOverlap(actor, start, end, undefined, () =>
      withLostReferences(
        () => retryTransientConflict(insert),
        (constraint) => this.lostReference(constraint),
      ),
    );
    return { booking, warnings };
  }

  async get(actor: Actor, id: string): Promise<Booking> {
    const trainerId = trainerIdOf(actor);
    const booking = isUuid(id) ? await this.bookings.findOwn(trainerId, id) : null;
    if (!booking) throw new BookingError(BookingErrorCode.NotFound, 'That session doesn’t exist.');
    return booking;
  }

  /** Keyset-paginated list in a stable (start_time, id) order, as plain rows; one statement per page whatever its size. */
  async list(actor: Actor, filter: BookingFilter): Promise<Page<BookingRead>> {
    return this.listRows(actor, filter, false);
  }

  /**
   * The web list: the same page, each session with whether its forfeited credit can still be given back,
   * decided by the waive rule from facts the page's one statement reads alongside.
   */
  async listSessions(actor: Actor, filter: BookingFilter): Promise<Page<SessionRead>> {
    const page = await this.listRows(actor, filter, true);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map(({ creditRefunded, creditAdjusted, ...booking }) => ({
        booking,
        waivable: !waiveRefusal({
          usesCredit: Boolean(booking.clientPackage),
          status: booking.status,
          cancelledBy: booking.cancelledBy,
          refunded: creditRefunded,
          adjusted: creditAdjusted,
        }),
      })),
    };
  }

  private async listRows(actor: Actor, filter: BookingFilter, creditFacts: boolean): Promise<Page<BookingRow>> {
    const trainerId = trainerIdOf(actor);
    if (filter.clientId && !isUuid(filter.clientId)) return { items: [], nextCursor: null };
    let after: { start: Date; id: string } | undefined;
    if (filter.cursor) {
      const cursor = decodeCursor(filter.cursor);
      const start = new Date(cursor.value);
      if (Number.isNaN(start.getTime())) throw invalidCursor();
      after = { start, id: cursor.id };
    }
    const rows = await this.bookings.page(
      trainerId,
      {
        from: filter.from,
        to: filter.to,
        statuses: filter.statuses,
        clientId: filter.clientId,
        after,
        order: filter.order,
        limit: filter.limit + 1,
        offset: filter.page && !filter.cursor ? (filter.page - 1) * filter.limit : undefined,
      },
      { creditFacts },
    );
    return toPage(rows, filter.limit, (row) => ({ value: row.startTime.toISOString(), id: row.id }));
  }

  /** Every session starting in the local days [firstDay, firstDay + days), for the calendar; one query. */
  async inDays(actor: Actor, firstDay: string, days: number): Promise<Booking[]> {
    const from = zonedTimeToUtc(firstDay, '00:00', actor.timeZone);
    const to = zonedTimeToUtc(addDays(firstDay, days), '00:00', actor.timeZone);
    return this.bookings.startingBetween(trainerIdOf(actor), from, to);
  }

  /**
   * Moves a session with a conditional update on the state it was read in (status and schedule version), so a
   * racing cancel or reschedule is noticed: the loser re-reads once and decides again on what is there now.
   * A deadlock against a concurrent booking is retried once, after which the overlap rule answers.
   */
  async reschedule(actor: Actor, id: string, input: RescheduleInput): Promise<BookingResult> {
    return retryTransientConflict(
      () => this.rescheduleOnce(actor, id, input),
      () => this.em.clear(),
    );
  }

  private async rescheduleOnce(actor: Actor, id: string, input: RescheduleInput): Promise<BookingResult> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const booking = await this.get(actor, id);
      const start = input.startTime ?? booking.startTime;
      const durationMinutes = input.durationMinutes ?? durationOf(booking);
      this.validateTiming(start, durationMinutes);
      this.assertAllowed(booking, 'reschedule', new Date());
      const end = new Date(start.getTime() + durationMinutes * 60_000);
      const warnings = await this.hoursWarnings(actor, start, end, input);
      // No pre-check: the exclusion constraint refuses a clash and guardOverlap names the session in the way.
      // The move and its outbox row (new reminders, the notice) commit together; the loser of a race writes neither.
      const updated = await this.guardOverlap(actor, start, end, booking.id, () =>
        this.em.transactional(async (em) => {
          const count = await this.bookings.moveIfUnchanged(trainerIdOf(actor), booking, start, end);
          if (count === 1) {
            await this.outbox.bookingChanged(em, OutboxTopic.BookingRescheduled, {
              trainerId: trainerIdOf(actor),
              bookingId: booking.id,
              scheduleVersion: booking.scheduleVersion + 1,
              previousStartTime: booking.startTime.toISOString(),
            });
          }
          return count;
        }),
      );
      // The identity map holds the row as read; what matters now is what the database says.
      this.em.clear();
      if (updated === 1) return { booking: await this.get(actor, id), warnings };
    }
    throw this.changedConcurrently(await this.get(actor, id), 'reschedule');
  }

  confirm(actor: Actor, id: string): Promise<Booking> {
    return this.transition(actor, id, 'confirm');
  }

  complete(actor: Actor, id: string): Promise<Booking> {
    return this.transition(actor, id, 'complete', {}, (em, before) => this.sessionCounted(em, actor, before));
  }

  /** A no-show keeps the credit spent (forfeited); the trainer may waive it afterwards. */
  markNoShow(actor: Actor, id: string): Promise<Booking> {
    return this.transition(actor, id, 'no_show', {}, (em, before) => this.sessionCounted(em, actor, before));
  }

  /**
   * Completed and no-show sessions count in the rollups on the session's local day; refresh it with the change.
   * A cancel needs no row of its own: the relay refreshes the day from its booking.cancelled message.
   */
  private sessionCounted(em: EntityManager, actor: Actor, booking: Booking): Promise<void> {
    return this.outbox.rollupsChanged(em, trainerIdOf(actor), [booking.startTime]);
  }

  /**
   * Cancels, recording who asked, when and why, and applies the cancellation policy to the credit in the same
   * transaction: a refund (plus a make-up credit for a late trainer cancel) or a forfeit.
   */
  async cancel(
    actor: Actor,
    id: string,
    input: { reason?: string | null; by?: CancelledBy; origin?: 'api' | 'web' },
  ): Promise<CancelResult> {
    const reason = input.reason?.trim() || null;
    if (reason && reason.length > REASON_MAX) {
      throw new BookingError(BookingErrorCode.InvalidInput, `Keep the reason under ${REASON_MAX} characters.`, {
        fields: { reason: [`Use at most ${REASON_MAX} characters.`] },
      });
    }
    const by = input.by ?? CancelledBy.Trainer;
    const trainer = await this.em.findOneOrFail(Trainer, { id: trainerIdOf(actor) });
    let decision: CreditDecision | null = null;
    const booking = await this.transition(
      actor,
      id,
      'cancel',
      {
        cancelledAt: new Date(),
        cancelledBy: by,
        cancelledByUser: actor.kind === 'user' ? actor.userId : null,
        cancellationReason: reason,
      },
      async (em, before) => {
        // Removes the pending reminders and sends the cancellation notice, once this cancel has committed.
        await this.outbox.bookingChanged(em, OutboxTopic.BookingCancelled, {
          trainerId: trainer.id,
          bookingId: before.id,
          scheduleVersion: before.scheduleVersion,
          origin: input.origin,
        });
        decision = decideCredit({
          usesCredit: Boolean(before.clientPackage),
          by,
          now: new Date(),
          start: before.startTime,
          cutoffHours: trainer.cancellationCutoffHours,
          makeUpOnLateTrainerCancel: trainer.makeUpCreditOnLateCancel,
        });
        if (decision.outcome === 'refunded')
          await this.credits.refundForBooking(em, actor, before.id, `Cancelled by ${by}`);
        if (decision.makeUpCredit)
          await this.credits.adjustForBooking(
            em,
            actor,
            before.id,
            'Make-up credit: trainer cancelled at short notice',
          );
      },
    );
    return {
      booking,
      credit:
        decision ??
        decideCredit({
          usesCredit: false,
          by,
          now: new Date(),
          start: booking.startTime,
          cutoffHours: 0,
          makeUpOnLateTrainerCancel: false,
        }),
    };
  }

  /** What cancelling would do to the credit, for the confirmation dialog (by the trainer and by the client). */
  async cancellationPreview(
    actor: Actor,
    id: string,
  ): Promise<{ booking: Booking; byTrainer: CreditDecision; byClient: CreditDecision }> {
    const booking = await this.get(actor, id);
    const trainer = await this.em.findOneOrFail(Trainer, { id: trainerIdOf(actor) });
    const facts = {
      usesCredit: Boolean(booking.clientPackage),
      now: new Date(),
      start: booking.startTime,
      cutoffHours: trainer.cancellationCutoffHours,
      makeUpOnLateTrainerCancel: trainer.makeUpCreditOnLateCancel,
    };
    return {
      booking,
      byTrainer: decideCredit({ ...facts, by: CancelledBy.Trainer }),
      byClient: decideCredit({ ...facts, by: CancelledBy.Client }),
    };
  }

  /** Gives back a forfeited credit (late cancel or no-show) as an `adjust` row with the trainer's reason; once per session. */
  async waiveForfeit(actor: Actor, id: string, reason: string): Promise<Booking> {
    const booking = await this.get(actor, id);
    const movements = await this.credits.movementsForBookings(actor, [booking.id]);
    const refusal = waiveRefusal(this.waiveFacts(booking, movements.get(booking.id)));
    if (refusal) throw new BookingError(BookingErrorCode.InvalidTransition, refusal);
    const text = reason.trim() || 'Forfeit waived';
    const waived = await this.em.transactional((em) =>
      this.credits.adjustForBooking(em, actor, booking.id, `Waived: ${text.slice(0, 400)}`),
    );
    // A concurrent waive got there first: the ledger's unique (booking, kind) decided.
    if (!waived) throw new BookingError(BookingErrorCode.InvalidTransition, 'This credit has already been given back.');
    return booking;
  }

  /** Which of these sessions still have a forfeited credit the trainer may give back (one ledger query). */
  async waivableIds(actor: Actor, bookings: readonly Booking[]): Promise<Set<string>> {
    const candidates = bookings.filter(
      (booking) =>
        booking.clientPackage &&
        (booking.status === BookingStatus.NoShow || booking.status === BookingStatus.Cancelled),
    );
    if (candidates.length === 0) return new Set();
    const movements = await this.credits.movementsForBookings(
      actor,
      candidates.map((booking) => booking.id),
    );
    return new Set(
      candidates
        .filter((booking) => !waiveRefusal(this.waiveFacts(booking, movements.get(booking.id))))
        .map((booking) => booking.id),
    );
  }

  private waiveFacts(booking: Booking, movements: ReadonlySet<CreditMovement> | undefined) {
    return {
      usesCredit: Boolean(booking.clientPackage),
      status: booking.status,
      cancelledBy: booking.cancelledBy,
      refunded: movements?.has(CreditMovement.Refund) ?? false,
      adjusted: movements?.has(CreditMovement.Adjust) ?? false,
    };
  }

  /**
   * Applies a status change with a conditional update on the status it was read in, so two racing actions
   * (confirm and cancel, say) cannot both win. The loser does not report the state it expected: it re-reads and
   * decides again, so a cancel that lost to a confirm still cancels (confirmed sessions can be cancelled), and
   * a complete that lost to a cancel explains that the session is now cancelled. Side effects (credits) run in
   * the same transaction, only for the winner, from the row as it was just before the change.
   */
  private async transition(
    actor: Actor,
    id: string,
    action: Exclude<BookingAction, 'reschedule'>,
    extra: EntityData<Booking> = {},
    sideEffects?: (em: EntityManager, before: Booking) => Promise<void>,
  ): Promise<Booking> {
    return retryTransientConflict(
      () => this.transitionOnce(actor, id, action, extra, sideEffects),
      () => this.em.clear(),
    );
  }

  private async transitionOnce(
    actor: Actor,
    id: string,
    action: Exclude<BookingAction, 'reschedule'>,
    extra: EntityData<Booking>,
    sideEffects?: (em: EntityManager, before: Booking) => Promise<void>,
  ): Promise<Booking> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const booking = await this.get(actor, id);
      this.assertAllowed(booking, action, new Date());
      const updated = await this.em.transactional(async (em) => {
        const count = await this.bookings.setStatusIfUnchanged(em, trainerIdOf(actor), booking, {
          ...extra,
          status: statusAfter(action),
        });
        if (count === 1 && sideEffects) await sideEffects(em, booking);
        return count;
      });
      // The identity map holds the old row either way; reload what the database now says.
      this.em.clear();
      if (updated === 1) return this.get(actor, id);
    }
    throw this.changedConcurrently(await this.get(actor, id), action);
  }

  /** After two lost races in a row: the real state if it forbids the action, else an honest "try again". */
  private changedConcurrently(current: Booking, action: BookingAction): BookingError {
    const refusal = refusalNow(current, action, new Date());
    if (refusal) return this.refusalError(current, refusal);
    return new BookingError(
      BookingErrorCode.ChangedConcurrently,
      'This session was changed by someone else at the same moment. Please try again.',
      {
        currentStatus: current.status,
      },
    );
  }

  /** A client or purchase deleted after it was checked (a lost race against a delete) answers the usual 404. */
  private lostReference(constraint: string): DomainError {
    this.em.clear();
    if (constraint.includes('client_package')) {
      return new CreditError(CreditErrorCode.PackageNotFound, 'That package doesn’t exist for this client.', {
        fields: { clientPackageId: ['Choose one of this client’s packages.'] },
      });
    }
    return new BookingError(BookingErrorCode.ClientNotFound, 'That client doesn’t exist.', {
      fields: { clientId: ['Choose one of your clients.'] },
    });
  }

  /** The state machine decides (status, and "has it started" for completed and no-show); here it becomes an error. */
  private assertAllowed(booking: Booking, action: BookingAction, now: Date): void {
    const refusal = refusalNow(booking, action, now);
    if (refusal) throw this.refusalError(booking, refusal);
  }

  private refusalError(booking: Booking, refusal: { reason: 'status' | 'not_started'; message: string }): BookingError {
    const code =
      refusal.reason === 'not_started' ? BookingErrorCode.SessionNotStarted : BookingErrorCode.InvalidTransition;
    return new BookingError(code, refusal.message, {
      currentStatus: booking.status,
      startTime: booking.startTime.toISOString(),
    });
  }

  /** The clients module decides who is bookable; a missing client is reported against the form's field. */
  private async bookableClient(actor: Actor, clientId: string): Promise<Client> {
    try {
      return await this.clients.getBookable(actor, clientId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') {
        throw new BookingError(BookingErrorCode.ClientNotFound, 'That client doesn’t exist.', {
          fields: { clientId: ['Choose one of your clients.'] },
        });
      }
      throw error;
    }
  }

  private validateTiming(start: Date, durationMinutes: number): void {
    const fields: Record<string, string[]> = {};
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) fields.startTime = ['Enter a valid date and time.'];
    if (
      !Number.isInteger(durationMinutes) ||
      durationMinutes < DURATION_LIMITS.min ||
      durationMinutes > DURATION_LIMITS.max
    ) {
      fields.durationMinutes = [`Choose a length between ${DURATION_LIMITS.min} and ${DURATION_LIMITS.max} minutes.`];
    }
    if (Object.keys(fields).length > 0)
      throw new BookingError(BookingErrorCode.InvalidTime, 'Check the date, time and length.', { fields });
  }

  private validateExtras(input: CreateBookingInput): void {
    const fields: Record<string, string[]> = {};
    const price = input.priceMinor;
    if (price !== undefined && price !== null && (!Number.isInteger(price) || price < 0 || price > PRICE_MAX_MINOR)) {
      fields.priceMinor = ['Enter a price of zero or more.'];
    }
    if (input.notes && input.notes.length > NOTES_MAX) fields.notes = [`Keep notes under ${NOTES_MAX} characters.`];
    if (Object.keys(fields).length > 0)
      throw new BookingError(BookingErrorCode.InvalidInput, 'Some fields need attention.', { fields });
  }

  private async hoursWarnings(
    actor: Actor,
    start: Date,
    end: Date,
    input: { acceptOutsideHours?: boolean; requireHoursConfirmation?: boolean },
  ): Promise<string[]> {
    const warnings = await this.availability.warningsFor(actor, start, end);
    if (warnings.length > 0 && input.requireHoursConfirmation && !input.acceptOutsideHours) {
      throw new BookingError(BookingErrorCode.OutsideWorkingHours, warnings.join(' '), {
        warnings,
        fields: { startTime: warnings },
      });
    }
    return warnings;
  }

  private findClash(trainerId: string, start: Date, end: Date, ignoreId?: string): Promise<Booking | null> {
    return this.bookings.findClash(trainerId, start, end, ignoreId);
  }

  /**
   * Runs a write that may hit the exclusion constraint, the only overlap check, and turns a refusal (a clash or
   * a lost race alike) into the error naming the session in the way: the one extra read happens only then.
   */
  private async guardOverlap<T>(
    actor: Actor,
    start: Date,
    end: Date,
    ignoreId: string | undefined,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof DriverException) || error.code !== EXCLUSION_VIOLATION) throw error;
      // The time is taken (by a session already there or a concurrent winner): name it, on a clean context.
      this.em.clear();
      const clash = await this.findClash(trainerIdOf(actor), start, end, ignoreId);
      throw this.overlapError(clash, actor.timeZone);
    }
  }

  /** Which purchase pays for a new session: the one asked for, the soonest-expiring one, or none (pay per session). */
  private async creditSource(
    actor: Actor,
    clientId: string,
    start: Date,
    input: CreateBookingInput,
  ): Promise<string | null> {
    if (input.clientPackageId) return input.clientPackageId;
    if (!input.useCredit) return null;
    const [soonest] = await this.credits.usableFor(actor, clientId, start);
    if (!soonest) {
      throw new BookingError(
        BookingErrorCode.NoCredit,
        'This client has no credits left to use. Sell them a package or take payment per session.',
        {
          fields: { clientPackageId: ['No usable credits.'] },
        },
      );
    }
    return soonest.clientPackageId;
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
