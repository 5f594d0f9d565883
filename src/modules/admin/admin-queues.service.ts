import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Actor } from '../../common/actor.js';
import { isInfrastructureError } from '../../common/errors/infrastructure-error.js';
import { withQueueTimeout } from '../../common/queue/queue-call-timeout.js';
import { ALL_QUEUES, isQueueName, QueueName } from '../../common/queue/queues.js';
import { REDIS } from '../../common/redis/redis.module.js';
import { UserRole } from '../../common/roles.js';
import { RemindersReconcilerService } from '../reminders/reminders-reconciler.service.js';
import { AdminQueuesError, AdminQueuesErrorCode } from './admin-queues.errors.js';
import {
  FAILED_JOBS_SHOWN,
  type FailedJobSummary,
  type QueueOverview,
  type QueuesOverview,
  type ReconcileSummary,
  type RetriedJob,
} from './admin-queues.types.js';

/** The reconciler reads up to 5,000 planned rows and adds their jobs in bulk: more than a plain read. */
const RECONCILE_TIMEOUT_MS = 10_000;
/** BullMQ job ids here: ours (dots, hyphens), BullMQ's own (digits) and its schedulers' ("repeat:…:…"). */
const JOB_ID_PATTERN = /^[\w.:-]{1,200}$/;
/** BullMQ scores delayed jobs as (due time in ms) × 0x1000 + a counter. */
const DELAYED_SCORE_FACTOR = 0x1000;

function secondsSince(fromMs: number, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - fromMs) / 1000));
}

/**
 * A WITHSCORES reply as [member, score, member, score, …]: RESP2 sends it flat, RESP3 (ioredis 6's default) as
 * [member, score] pairs.
 */
function flatPairs(reply: unknown): string[] {
  return (reply as unknown[]).flat().map(String);
}

function toFailedSummary(job: Job): FailedJobSummary {
  return {
    id: String(job.id),
    name: job.name,
    failedReason: job.failedReason ?? '',
    attemptsMade: job.attemptsMade,
    timestamp: new Date(job.timestamp),
    failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

/**
 * Operations on the job queues for admins: what is in them, re-creating lost reminder jobs, retrying a failed job.
 * Every call that needs Redis first pings it on the fail-fast client, so an outage answers 503 at once, and bounds
 * the BullMQ calls themselves (whose connections wait for a reconnect instead of failing), so nothing hangs.
 * Every method re-checks the role: the guard is not the only gate.
 */
@Injectable()
export class AdminQueuesService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Reminders) reminders: Queue,
    @InjectQueue(QueueName.Emails) emails: Queue,
    @InjectQueue(QueueName.Rollups) rollups: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly reconciler: RemindersReconcilerService,
  ) {
    this.queues = {
      [QueueName.Reminders]: reminders,
      [QueueName.Emails]: emails,
      [QueueName.Rollups]: rollups,
      [QueueName.Maintenance]: maintenance,
    };
  }

  /** Every queue's counts, how long its longest-waiting due job has waited, and its newest failed jobs. */
  async overview(actor: Actor, now: Date = new Date()): Promise<QueuesOverview> {
    assertAdmin(actor);
    await this.redisAnswers();
    const queues = await withQueueTimeout(
      Promise.all(ALL_QUEUES.map((name) => this.queueOverview(name, now))),
      'the queue overview',
    );
    return { checkedAt: now, queues };
  }

  /**
   * Runs the reminders reconciler now, in this request: it reads the planned notifications from PostgreSQL and adds
   * their jobs under deterministic ids, so a job Redis still holds is left alone and a lost one is re-created.
   * Inline rather than queued because it is bounded (one read, two bulk adds) and it is wanted exactly when the
   * queues cannot be trusted; a timeout still answers 503, and a late add is harmless for the same reason.
   */
  async reconcileReminders(actor: Actor, now: Date = new Date()): Promise<ReconcileSummary> {
    assertAdmin(actor);
    await this.redisAnswers();
    const handed = await withQueueTimeout(
      this.reconciler.reconcile(now),
      'the reminder reconcile',
      RECONCILE_TIMEOUT_MS,
    );
    return { handed };
  }

  /** Moves a failed job back to waiting, with its attempts counted afresh. */
  async retryFailedJob(actor: Actor, queueName: string, jobId: string): Promise<RetriedJob> {
    assertAdmin(actor);
    if (!isQueueName(queueName))
      throw new AdminQueuesError(AdminQueuesErrorCode.QueueNotFound, 'There is no queue by that name.', {
        queues: [...ALL_QUEUES],
      });
    if (!JOB_ID_PATTERN.test(jobId)) throw jobNotFound();
    await this.redisAnswers();
    const queue = this.queues[queueName];
    return withQueueTimeout(this.retry(queue, queueName, jobId), 'the job retry');
  }

  private async retry(queue: Queue, queueName: QueueName, jobId: string): Promise<RetriedJob> {
    const job = await queue.getJob(jobId);
    if (!job) throw jobNotFound();
    const state = await job.getState();
    if (state !== 'failed') throw jobNotFailed(state);
    try {
      await job.retry('failed', { resetAttemptsMade: true });
    } catch (error) {
      // Lost a race: the job was removed, or retried by someone else, between the read and the move.
      if (isInfrastructureError(error)) throw error;
      const now = await queue.getJobState(jobId);
      throw now === 'unknown' ? jobNotFound() : jobNotFailed(now);
    }
    return { queue: queueName, id: jobId, name: job.name, state: await queue.getJobState(jobId) };
  }

  private async queueOverview(name: QueueName, now: Date): Promise<QueueOverview> {
    const queue = this.queues[name];
    const [counts, paused, [oldestWaiting], [, delayedScore], failed] = await Promise.all([
      queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'),
      queue.isPaused(),
      // Oldest first: BullMQ reverses the wait list when asked ascending.
      queue.getWaiting(0, 0),
      this.redis.zrange(queue.keys.delayed, 0, '0', 'WITHSCORES').then(flatPairs),
      queue.getFailed(0, FAILED_JOBS_SHOWN - 1),
    ]);
    // A waiting job became due when it was added plus its delay; a delayed one whose time has passed is due too
    // (nothing promoted it: no worker is running), and waits as long as any waiting job.
    const dueTimes: number[] = [];
    if (oldestWaiting) dueTimes.push(oldestWaiting.timestamp + (oldestWaiting.delay ?? 0));
    if (delayedScore !== undefined) {
      const dueAt = Math.floor(Number(delayedScore) / DELAYED_SCORE_FACTOR);
      if (dueAt <= now.getTime()) dueTimes.push(dueAt);
    }
    return {
      name,
      paused,
      counts: {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        prioritized: counts.prioritized ?? 0,
        waitingChildren: counts['waiting-children'] ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
      },
      oldestWaitingSeconds: dueTimes.length > 0 ? secondsSince(Math.min(...dueTimes), now) : null,
      failed: failed.filter((job): job is Job => Boolean(job)).map(toFailedSummary),
    };
  }

  /**
   * Pings on the general-purpose client, which has no offline queue: with Redis unreachable this fails at once
   * (and the request answers 503), where a BullMQ call would wait for the timeout.
   */
  private async redisAnswers(): Promise<void> {
    await this.redis.ping();
  }
}

function assertAdmin(actor: Actor): void {
  if (actor.role !== UserRole.Admin)
    throw new AdminQueuesError(AdminQueuesErrorCode.AdminOnly, 'Only admins can manage the job queues.');
}

function jobNotFound(): AdminQueuesError {
  return new AdminQueuesError(AdminQueuesErrorCode.JobNotFound, 'There is no job with that id in this queue.');
}

function jobNotFailed(state: string): AdminQueuesError {
  return new AdminQueuesError(
    AdminQueuesErrorCode.JobNotFailed,
    `Only a failed job can be retried; this one is ${state}.`,
    {
      state,
    },
  );
}
