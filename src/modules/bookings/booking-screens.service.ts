import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import type { Page } from '../../common/pagination/cursor.js';
import { localDateOf } from '../../common/time/zoned-time.js';
import { isUuid } from '../../common/validation/validators.js';
import { AvailabilityError, AvailabilityErrorCode } from '../availability/availability.errors.js';
import { AvailabilityService } from '../availability/availability.service.js';
import type { DaySlots, WeeklyRange } from '../availability/availability.types.js';
import type { ClientOption } from '../clients/clients.types.js';
import { ClientsService } from '../clients/clients.service.js';
import type { UsableCredit } from '../packages/credits.types.js';
import { CreditsService } from '../packages/credits.service.js';
import { NotificationLogService } from '../reminders/notification-log.service.js';
import type { BookingNotificationLog } from '../reminders/notification-log.types.js';
import type { SessionRead } from './booking-read.types.js';
import type { Booking } from './booking.entity.js';
import { BookingsService } from './bookings.service.js';
import { durationOf, type BookingFilter } from './bookings.types.js';

export type RowAction = 'confirm' | 'complete' | 'no-show' | 'waive';

export interface BookingFormRead {
  clients: ClientOption[];
  /** The chosen client's usable credits (the first client when none is chosen yet). */
  credits: UsableCredit[];
  /** Free slots of the form's date and length, so the list shows without JavaScript; null when they can't be asked. */
  slots: DaySlots | null;
}

/** A session's details dialog: the session and its notification log (confirmation, notices, reminders). */
export interface SessionDetailsRead extends SessionRead {
  notifications: BookingNotificationLog;
}

/**
 * Read models for the bookings screens: each web handler makes one call here (or one to BookingsService), and
 * this gathers what the screen needs from the other modules. No rules live here; BookingsService owns them.
 */
@Injectable()
export class BookingScreensService {
  constructor(
    private readonly bookings: BookingsService,
    private readonly clients: ClientsService,
    private readonly credits: CreditsService,
    private readonly availability: AvailabilityService,
    private readonly notifications: NotificationLogService,
  ) {}

  /** The list page: one page of sessions (with waivable credits) and the client filter's options. */
  async listPage(actor: Actor, filter: BookingFilter): Promise<{ page: Page<SessionRead>; clients: ClientOption[] }> {
    const [page, clients] = await Promise.all([
      this.bookings.listSessions(actor, filter),
      this.clients.listActiveForSelect(actor),
    ]);
    return { page, clients };
  }

  /** The list fragment: one page of sessions in one statement (its filter form, with the clients, is the page's). */
  list(actor: Actor, filter: BookingFilter): Promise<Page<SessionRead>> {
    return this.bookings.listSessions(actor, filter);
  }

  /** The calendar: the sessions of `days` local days from `firstDay`, and the weekly working hours to shade. */
  async calendar(actor: Actor, firstDay: string, days: number): Promise<{ bookings: Booking[]; hours: WeeklyRange[] }> {
    const [bookings, week] = await Promise.all([
      this.bookings.inDays(actor, firstDay, days),
      this.availability.getWeek(actor),
    ]);
    return { bookings, hours: week.weekly };
  }

  /** One session for its details dialog. */
  async session(actor: Actor, id: string): Promise<SessionRead> {
    const booking = await this.bookings.get(actor, id);
    return { booking, waivable: (await this.bookings.waivableIds(actor, [booking])).has(booking.id) };
  }

  /** One session for its details dialog, with its notification timeline (one more statement, however long). */
  async details(actor: Actor, id: string): Promise<SessionDetailsRead> {
    const [session, notifications] = await Promise.all([
      this.session(actor, id),
      this.notifications.forBooking(actor, id),
    ]);
    return { ...session, notifications };
  }

  /** Applies a row action and answers the row as it now is (a waived credit is no longer offered). */
  async act(actor: Actor, id: string, action: RowAction): Promise<SessionRead> {
    await this.apply(actor, id, action);
    return this.session(actor, id);
  }

  /** A row action taken in the details dialog, which re-renders with its timeline. */
  async actInDetails(actor: Actor, id: string, action: RowAction): Promise<SessionDetailsRead> {
    await this.apply(actor, id, action);
    return this.details(actor, id);
  }

  private async apply(actor: Actor, id: string, action: RowAction): Promise<void> {
    if (action === 'confirm') await this.bookings.confirm(actor, id);
    else if (action === 'complete') await this.bookings.complete(actor, id);
    else if (action === 'no-show') await this.bookings.markNoShow(actor, id);
    else await this.bookings.waiveForfeit(actor, id, 'Waived by the trainer');
  }

  /** The "New booking" form: clients, the chosen client's credits and the day's free slots. */
  async bookingForm(
    actor: Actor,
    values: { clientId?: string; date?: string; durationMinutes?: number },
  ): Promise<BookingFormRead> {
    const clients = await this.clients.listActiveForSelect(actor);
    const clientId = values.clientId || clients[0]?.id || '';
    const [credits, slots] = await Promise.all([
      this.paymentCredits(actor, clientId),
      this.freeSlots(actor, values.date, values.durationMinutes),
    ]);
    return { clients, credits, slots };
  }

  /**
   * The reschedule form: the session and the free slots (its own time counts as free) of the date and length
   * asked for, or else of the session's own day and length.
   */
  async rescheduleForm(
    actor: Actor,
    id: string,
    asked: { date?: string; durationMinutes?: number } = {},
  ): Promise<{ booking: Booking; slots: DaySlots | null }> {
    const booking = await this.bookings.get(actor, id);
    const date = asked.date ?? localDateOf(booking.startTime, actor.timeZone);
    return {
      booking,
      slots: await this.freeSlots(actor, date, asked.durationMinutes ?? durationOf(booking), booking.id),
    };
  }

  /** The "Payment" field's choices for a client. */
  paymentCredits(actor: Actor, clientId: string): Promise<UsableCredit[]> {
    return isUuid(clientId) ? this.credits.usableFor(actor, clientId, new Date()) : Promise.resolve([]);
  }

  private async freeSlots(
    actor: Actor,
    date: string | undefined,
    durationMinutes: number | undefined,
    excludeBookingId?: string,
  ): Promise<DaySlots | null> {
    if (!date || !durationMinutes) return null;
    try {
      return await this.availability.freeSlots(actor, { date, durationMinutes, excludeBookingId });
    } catch (error) {
      // A half-typed date or length: the form shows its own field errors, and no list.
      if (error instanceof AvailabilityError && error.code === AvailabilityErrorCode.InvalidSlotQuery) return null;
      throw error;
    }
  }
}
