import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_CURRENCY, systemActor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { NotificationStatus } from '../notifications/notification.entity.js';
import { TrainerEmailsService } from '../notifications/trainer-emails.service.js';
import { trainerCopyPurpose, type TrainerCopyPayload } from '../notifications/trainer-emails.types.js';
import { NotificationLogRepository } from './notification-log.repository.js';
import type { DeliveryOutcome } from './reminder-delivery.service.js';
import { sendClaimed } from '../notifications/claimed-send.js';
import { SendOutcomesRepository } from '../notifications/send-outcomes.repository.js';

/**
 * Sends the trainer's copy of a session booked or cancelled through the API, once: the notification row
 * (booking, "trainer_copy:<event>", schedule version) is claimed before the send. The copy reports an event that
 * happened, so unlike a reminder it is not stale when the booking moves on; only a deleted booking sends nothing.
 * Worker-side; the clock and the attempt number are the caller's.
 */
@Injectable()
export class TrainerCopyDeliveryService {
  private readonly logger = new Logger(TrainerCopyDeliveryService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly emails: TrainerEmailsService,
    private readonly log: NotificationLogRepository,
    private readonly outcomes: SendOutcomesRepository,
  ) {}

  /** `attempt` counts from 1 (BullMQ's attemptsMade + 1); a later attempt may take over a transient failure. */
  deliver(payload: TrainerCopyPayload, now: Date, attempt = 1, finalAttempt = true): Promise<DeliveryOutcome> {
    return RequestContext.create(this.em, () => this.deliverInContext(payload, now, attempt, finalAttempt));
  }

  private async deliverInContext(
    payload: TrainerCopyPayload,
    now: Date,
    attempt: number,
    finalAttempt: boolean,
  ): Promise<DeliveryOutcome> {
    const em = this.em.fork();
    const actor = systemActor({ id: payload.trainerId, timeZone: 'UTC', currency: DEFAULT_CURRENCY });
    let snapshot;
    try {
      snapshot = await this.emails.copySnapshot(
        actor,
        payload.bookingId,
        payload.event,
        new Date(payload.startTime),
        now,
      );
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return { result: 'gone' };
      throw error;
    }
    const key = {
      trainerId: payload.trainerId,
      bookingId: payload.bookingId,
      purpose: trainerCopyPurpose(payload.event),
      scheduleVersion: payload.scheduleVersion,
    };
    const claim = await this.log.claimAttempt(em, key, snapshot.trainer.contactEmail, now, attempt);
    if (!claim) return { result: 'duplicate' };
    const outcome = await sendClaimed({
      claimId: claim.id,
      email: this.emails.render(snapshot),
      send: (email) => this.emails.send(email),
      recorder: this.outcomes,
      now,
      finalAttempt,
      // Failed either way (no reconciler re-plans a copy); the job's next attempt takes the row back by its number.
      retryStatus: NotificationStatus.Failed,
    });
    if (outcome.result === 'failed') {
      this.logger.warn(
        { bookingId: payload.bookingId, purpose: key.purpose, error: outcome.reason },
        'Trainer copy failed',
      );
    }
    return outcome;
  }
}
