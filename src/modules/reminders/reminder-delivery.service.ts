import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_CURRENCY, systemActor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { reminderPurpose, type BookingNoticePayload, type ReminderPayload } from '../../common/queue/queues.js';
import { BookingStatus } from '../bookings/booking-status.js';
import { ClientEmailsService } from '../notifications/client-emails.service.js';
import {
  ClientEmailKind,
  type BookingEmailKind,
  type BookingEmailSnapshot,
} from '../notifications/client-emails.types.js';
import { NotificationStatus } from '../notifications/notification.entity.js';
import { NotificationLogRepository, type NotificationKey } from './notification-log.repository.js';
import { sendClaimed } from '../notifications/claimed-send.js';
import { SendOutcomesRepository } from '../notifications/send-outcomes.repository.js';

/** What one processing of a job came to. `retry` means a transient failure: the job should run again later. */
export type DeliveryOutcome =
  | { result: 'sent' | 'logged' | 'skipped' | 'stale' | 'duplicate' | 'gone'; reason?: string }
  | { result: 'retry' | 'failed'; reason: string };

const ACTIVE: readonly BookingStatus[] = [BookingStatus.Pending, BookingStatus.Confirmed];

interface Delivery {
  key: NotificationKey;
  kind: BookingEmailKind;
  scheduledFor: Date;
  previousStartTime: Date | null;
  /** Why the message is no longer wanted for the booking as it is now, or null when it still is. */
  stale: (snapshot: BookingEmailSnapshot, now: Date) => string | null;
}

/**
 * Sends one reminder or booking notice, from PostgreSQL's view of the booking at the moment of sending: a job
 * planned for an older start, a cancelled session or a client who opted out sends nothing. The notification row is
 * claimed before the send, so a job run twice (a duplicate, a retry after a crash) sends once. Worker-side; the
 * clock is the caller's.
 */
@Injectable()
export class ReminderDeliveryService {
  private readonly logger = new Logger(ReminderDeliveryService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly emails: ClientEmailsService,
    private readonly log: NotificationLogRepository,
    private readonly outcomes: SendOutcomesRepository,
  ) {}

  deliverReminder(payload: ReminderPayload, now: Date, finalAttempt = true): Promise<DeliveryOutcome> {
    const startTime = Date.parse(payload.startTime);
    return this.deliver(
      {
        key: { ...this.keyOf(payload), purpose: reminderPurpose(payload.leadMinutes) },
        kind: ClientEmailKind.SessionReminder,
        scheduledFor: new Date(payload.fireAt),
        previousStartTime: null,
        stale: ({ booking }, at) => {
          if (!ACTIVE.includes(booking.status)) return `booking ${booking.status}`;
          if (booking.scheduleVersion !== payload.scheduleVersion || booking.startTime.getTime() !== startTime)
            return 'rescheduled';
          return at.getTime() >= startTime ? 'session already started' : null;
        },
      },
      now,
      finalAttempt,
    );
  }

  deliverNotice(payload: BookingNoticePayload, now: Date, finalAttempt = true): Promise<DeliveryOutcome> {
    const kind = payload.kind as BookingEmailKind;
    return this.deliver(
      {
        key: { ...this.keyOf(payload), purpose: payload.kind },
        kind,
        scheduledFor: now,
        previousStartTime: payload.previousStartTime ? new Date(payload.previousStartTime) : null,
        stale: ({ booking }) => {
          if (kind === ClientEmailKind.BookingCancelled)
            return booking.status === BookingStatus.Cancelled ? null : `booking ${booking.status}`;
          if (!ACTIVE.includes(booking.status)) return `booking ${booking.status}`;
          // A second move supersedes the first move's notice: the client hears of the latest time only.
          if (kind === ClientEmailKind.BookingRescheduled && booking.scheduleVersion !== payload.scheduleVersion)
            return 'rescheduled again';
          return null;
        },
      },
      now,
      finalAttempt,
    );
  }

  private keyOf(payload: { trainerId: string; bookingId: string; scheduleVersion: number }) {
    return { trainerId: payload.trainerId, bookingId: payload.bookingId, scheduleVersion: payload.scheduleVersion };
  }

  /** Each job gets its own identity map (the worker has no request to hang one on). */
  private deliver(delivery: Delivery, now: Date, finalAttempt: boolean): Promise<DeliveryOutcome> {
    return RequestContext.create(this.em, () => this.deliverInContext(delivery, now, finalAttempt));
  }

  private async deliverInContext(delivery: Delivery, now: Date, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const em = this.em.fork();
    const { key } = delivery;
    // The snapshot scopes by trainer only; zone and currency are read from the trainer's row, not the actor.
    const actor = systemActor({ id: key.trainerId, timeZone: 'UTC', currency: DEFAULT_CURRENCY });
    let snapshot: BookingEmailSnapshot;
    try {
      snapshot = await this.emails.bookingSnapshot(actor, key.bookingId, {
        at: now,
        previousStartTime: delivery.previousStartTime,
      });
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return { result: 'gone' };
      throw error;
    }
    const stale = delivery.stale(snapshot, now);
    if (stale) {
      await this.log.settle(em, key, NotificationStatus.Cancelled, stale, delivery.scheduledFor);
      return { result: 'stale', reason: stale };
    }
    const skip = this.emails.skipReason(snapshot);
    if (skip) {
      await this.log.settle(em, key, NotificationStatus.Skipped, skip, delivery.scheduledFor);
      return { result: 'skipped', reason: skip };
    }
    const claim = await this.log.claim(key, snapshot.client.email ?? '', delivery.scheduledFor);
    if (!claim) return { result: 'duplicate' };
    const outcome = await sendClaimed({
      claimId: claim.id,
      email: this.emails.render(delivery.kind, snapshot),
      send: (email) => this.emails.send(email),
      recorder: this.outcomes,
      now,
      finalAttempt,
    });
    if (outcome.result === 'failed') {
      this.logger.warn(
        { bookingId: key.bookingId, purpose: key.purpose, error: outcome.reason },
        'Email failed for good',
      );
    }
    return outcome;
  }
}
