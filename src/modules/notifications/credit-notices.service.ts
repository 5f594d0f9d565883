import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DEFAULT_CURRENCY, systemActor, type Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { QueueName } from '../../common/queue/queues.js';
import { SEND_JOB_OPTIONS } from '../outbox/outbox-relay.service.js';
import { CreditsService } from '../packages/credits.service.js';
import { ClientEmailsService } from './client-emails.service.js';
import { ClientEmailKind, type CreditEmailSnapshot } from './client-emails.types.js';
import { CreditNoticesRepository, type NoticeKey, type PendingNotice } from './credit-notices.repository.js';
import { afterQuietHours } from '../reminders/reminders.rules.js';
import {
  CreditNoticeJob,
  creditNoticeJobId,
  LOW_CREDIT_BALANCE,
  LOW_CREDIT_LOOKBACK_HOURS,
  type CreditNoticePayload,
} from './credit-notices.types.js';
import { NotificationStatus } from './notification.entity.js';
import { sendClaimed } from './claimed-send.js';
import { SendOutcomesRepository } from './send-outcomes.repository.js';

/** What one processing of a notice job came to; the shape of the reminders' DeliveryOutcome, for the same processor. */
export type CreditNoticeOutcome =
  | { result: 'sent' | 'logged' | 'skipped' | 'stale' | 'duplicate' | 'gone'; reason?: string }
  | { result: 'retry' | 'failed'; reason: string };

/** Notices handed to BullMQ per sweep; the oldest first, and the next sweep takes the rest. */
const ENQUEUE_LIMIT = 5_000;

/** The skip reason when the trainer turned the notices off after the sweep planned one. */
const NOTICES_OFF = 'notices_off';

type CreditFacts = Pick<CreditEmailSnapshot, 'packageName' | 'credits' | 'expiresAt'>;

/** The job a notice travels as: deterministic id, the booking notices' retries and retention. */
/** The job of one notice, held until the trainer's quiet hours are over (in the trainer's zone) when due in them. */
export function creditNoticeJob(notice: PendingNotice, now: Date) {
  const due = notice.scheduledFor.getTime() > now.getTime() ? notice.scheduledFor : now;
  const delay = Math.max(0, afterQuietHours(due, notice.timeZone, notice.quietHours).getTime() - now.getTime());
  const data = notice.payload;
  return { name: CreditNoticeJob.Send, data, opts: { ...SEND_JOB_OPTIONS, jobId: creditNoticeJobId(data), delay } };
}

/**
 * Low-credit ("1 session left") and credits-expiring notices, worker-side. The sweep finds due events for every
 * trainer in one statement and writes them to the notification log before anything reaches Redis, so PostgreSQL
 * holds the truth and a lost queue is refilled by the next sweep. Delivery re-reads the credits at the moment of
 * sending: a balance that moved on, or credits used up or expired, send nothing. The claim on the notification row
 * makes a job run twice (a duplicate, a retry after a crash) send once. The clock is the caller's.
 */
@Injectable()
export class CreditNoticesService {
  private readonly logger = new Logger(CreditNoticesService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repository: CreditNoticesRepository,
    private readonly emails: ClientEmailsService,
    private readonly credits: CreditsService,
    @InjectQueue(QueueName.Emails) private readonly queue: Queue,
    private readonly outcomes: SendOutcomesRepository,
  ) {}

  /**
   * Plans the notices due at `now` and enqueues every one still to send. Safe on any number of workers at once: the
   * plan is an insert that skips logged events, and the job ids are deterministic.
   */
  async sweep(now: Date = new Date()): Promise<{ planned: number; enqueued: number }> {
    const em = this.em.fork();
    const planned = await this.repository.planDue(em, now, this.lowCreditSince(now));
    const pending = await this.repository.pending(em, ENQUEUE_LIMIT);
    if (pending.length > 0) await this.queue.addBulk(pending.map((notice) => creditNoticeJob(notice, now)));
    return { planned, enqueued: pending.length };
  }

  /** Sends one notice, if it is still true and wanted. Each job gets its own identity map. */
  deliver(payload: CreditNoticePayload, now: Date, finalAttempt = true): Promise<CreditNoticeOutcome> {
    return RequestContext.create(this.em, () => this.deliverInContext(payload, now, finalAttempt));
  }

  private async deliverInContext(
    payload: CreditNoticePayload,
    now: Date,
    finalAttempt: boolean,
  ): Promise<CreditNoticeOutcome> {
    const em = this.em.fork();
    const key: NoticeKey = { ...payload, scheduledFor: now };
    const enabled = await this.repository.noticesEnabled(em, payload.trainerId);
    if (enabled === null) return { result: 'gone' };
    // Scoped by the trainer in the payload; zone and names are read from the trainer's row, not the actor.
    const actor = systemActor({ id: payload.trainerId, timeZone: 'UTC', currency: DEFAULT_CURRENCY });
    let parties: CreditEmailSnapshot;
    try {
      parties = await this.emails.creditSnapshot(actor, payload.clientId, {
        packageName: '',
        credits: 0,
        expiresAt: null,
        at: now,
      });
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return { result: 'gone' };
      throw error;
    }
    if (!enabled) {
      await this.repository.settle(em, key, NotificationStatus.Skipped, NOTICES_OFF);
      return { result: 'skipped', reason: NOTICES_OFF };
    }
    const facts = await this.factsIfStillTrue(em, actor, payload, now);
    if (typeof facts === 'string') {
      await this.repository.settle(em, key, NotificationStatus.Cancelled, facts);
      return { result: 'stale', reason: facts };
    }
    const snapshot: CreditEmailSnapshot = { ...parties, ...facts };
    const skip = this.emails.skipReason(snapshot);
    if (skip) {
      await this.repository.settle(em, key, NotificationStatus.Skipped, skip);
      return { result: 'skipped', reason: skip };
    }
    const claim = await this.repository.claim(em, key, snapshot.client.email ?? '');
    if (!claim) return { result: 'duplicate' };
    const outcome = await sendClaimed({
      claimId: claim.id,
      email: this.emails.renderCredits(payload.kind, snapshot),
      send: (email) => this.emails.send(email),
      recorder: this.outcomes,
      now,
      finalAttempt,
    });
    if (outcome.result === 'failed') {
      this.logger.warn(
        { clientId: payload.clientId, kind: payload.kind, error: outcome.reason },
        'Notice failed for good',
      );
    }
    return outcome;
  }

  /**
   * What the email says, read now; or why the notice is no longer true. A low-credit notice stands while its event
   * is still the client's latest movement and the one credit left is usable; an expiry notice while its purchase
   * still has credits and has not expired.
   */
  private async factsIfStillTrue(
    em: EntityManager,
    actor: Actor,
    payload: CreditNoticePayload,
    now: Date,
  ): Promise<CreditFacts | string> {
    const usable = await this.credits.usableFor(actor, payload.clientId, now);
    if (payload.kind === ClientEmailKind.CreditsLow) {
      const current = await this.repository.currentLowCreditEvent(
        em,
        payload.trainerId,
        payload.clientId,
        this.lowCreditSince(now),
      );
      if (current !== payload.eventKey) return 'balance changed';
      const [lot, ...others] = usable;
      if (!lot || others.length > 0 || lot.remaining !== LOW_CREDIT_BALANCE) return 'credit expired';
      return { packageName: lot.packageName, credits: lot.remaining, expiresAt: lot.expiresAt };
    }
    const lot = usable.find((credit) => credit.clientPackageId === payload.eventKey);
    if (!lot) return 'credits used or expired';
    return { packageName: lot.packageName, credits: lot.remaining, expiresAt: lot.expiresAt };
  }

  private lowCreditSince(now: Date): Date {
    return new Date(now.getTime() - LOW_CREDIT_LOOKBACK_HOURS * 3_600_000);
  }
}
