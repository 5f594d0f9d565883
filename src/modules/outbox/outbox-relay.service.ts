import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import {
  EmailJob,
  noticeJobId,
  QueueName,
  reminderJobId,
  reminderPurpose,
  ReminderJob,
  type BookingNoticeKind,
  type BookingNoticePayload,
  type ReminderPayload,
} from '../../common/queue/queues.js';
import { BookingStatus } from '../bookings/booking-status.js';
import { NotificationLogRepository, type PlannedRow } from '../reminders/notification-log.repository.js';
import { planReminders } from '../reminders/reminders.rules.js';
import { OutboxTopic, type BookingChangedPayload } from './outbox.types.js';

/** How many rows one relay pass takes; a second relay (another worker) takes the next ones (SKIP LOCKED). */
const BATCH = 100;
/** A queue call that hangs (Redis down: BullMQ's connection waits for it) rolls the pass back after this. */
const REDIS_TIMEOUT_MS = 5_000;

/** Retries and retention of the send jobs; transient SMTP trouble backs off 30 s, 60 s, 120 s, … */
export const SEND_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

interface OutboxRow {
  id: string;
  topic: string;
  payload: BookingChangedPayload;
  created_at: string;
}

interface BookingFacts {
  id: string;
  start_time: string;
  status: BookingStatus;
  schedule_version: number;
  time_zone: string;
  reminder_lead_minutes: number[];
}

interface QueueWork {
  reminders: Array<{ name: string; data: ReminderPayload; opts: JobsOptions }>;
  notices: Array<{ name: string; data: BookingNoticePayload; opts: JobsOptions }>;
  /** Reminder job ids to remove (a cancel, or the versions a reschedule replaced). */
  removals: string[];
  planned: PlannedRow[];
}

const NOTICE_OF: Record<OutboxTopic, BookingNoticeKind> = {
  [OutboxTopic.BookingCreated]: 'booking_confirmed',
  [OutboxTopic.BookingRescheduled]: 'booking_rescheduled',
  [OutboxTopic.BookingCancelled]: 'booking_cancelled',
};

function withTimeout<T>(work: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer ${what} in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The relay: moves committed outbox rows to BullMQ. Rows are taken FOR UPDATE SKIP LOCKED, so any number of
 * workers can relay at once without taking the same row; jobs have deterministic ids, so a row relayed twice (a
 * crash between the enqueue and the commit) still makes one job. If Redis is down the pass rolls back and the rows
 * wait for the next one: PostgreSQL, not Redis, holds the truth.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger(OutboxRelayService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly log: NotificationLogRepository,
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
    @InjectQueue(QueueName.Emails) private readonly emails: Queue,
  ) {}

  /** One pass; answers how many rows it relayed. */
  async relayBatch(now: Date = new Date(), redisTimeoutMs = REDIS_TIMEOUT_MS): Promise<number> {
    let taken: string[] = [];
    try {
      return await this.em.fork().transactional(async (em) => {
        const rows = await em.execute<OutboxRow[]>(
          // Only the booking topics: another module's topics (rollups) wait for their own relay.
          `select id, topic, payload, created_at from outbox_messages
            where processed_at is null and topic in (?) order by created_at limit ? for update skip locked`,
          [Object.values(OutboxTopic), BATCH],
        );
        taken = rows.map((row) => row.id);
        if (rows.length === 0) return 0;
        const work = await this.plan(em, rows, now);
        await this.log.plan(em, work.planned);
        await withTimeout(this.enqueue(work), 'the relay', redisTimeoutMs);
        await em.execute(`update outbox_messages set processed_at = ?, last_error = null where id in (?)`, [
          now,
          taken,
        ]);
        return rows.length;
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (taken.length > 0) {
        await this.em
          .fork()
          .execute(`update outbox_messages set attempts = attempts + 1, last_error = ? where id in (?)`, [
            message.slice(0, 500),
            taken,
          ]);
      }
      this.logger.warn({ rows: taken.length, error: message }, 'Outbox relay pass failed; the rows stay for the next');
      throw error;
    }
  }

  /** Decides every row's jobs from the bookings as they are now (one read for the batch). */
  private async plan(em: EntityManager, rows: readonly OutboxRow[], now: Date): Promise<QueueWork> {
    const ids = [...new Set(rows.map((row) => row.payload.bookingId))];
    const facts = await em.execute<BookingFacts[]>(
      `select b.id, b.start_time, b.status, b.schedule_version, t.time_zone, t.reminder_lead_minutes
         from bookings b join trainers t on t.id = b.trainer_id where b.id in (?)`,
      [ids],
    );
    const byId = new Map(facts.map((row) => [row.id, row]));
    const work: QueueWork = { reminders: [], notices: [], removals: [], planned: [] };
    for (const row of rows) {
      const topic = row.topic as OutboxTopic;
      const booking = byId.get(row.payload.bookingId);
      if (!booking) continue;
      const { trainerId, bookingId, scheduleVersion } = row.payload;
      const leads = booking.reminder_lead_minutes.map(Number);
      if (topic === OutboxTopic.BookingCancelled) {
        await this.log.cancelPlannedReminders(em, bookingId, 'booking cancelled');
        for (let version = 0; version <= booking.schedule_version; version += 1)
          for (const lead of leads) work.removals.push(reminderJobId(bookingId, lead, version));
      }
      if (topic === OutboxTopic.BookingRescheduled) {
        await this.log.cancelPlannedReminders(em, bookingId, 'rescheduled', scheduleVersion);
        for (const lead of leads) work.removals.push(reminderJobId(bookingId, lead, scheduleVersion - 1));
      }
      // Reminders only for the version the booking is still at; a later row plans a later version.
      const current =
        topic !== OutboxTopic.BookingCancelled &&
        booking.schedule_version === scheduleVersion &&
        (booking.status === BookingStatus.Pending || booking.status === BookingStatus.Confirmed);
      if (current) {
        const startTime = new Date(booking.start_time);
        const plan = planReminders({
          startTime,
          leadMinutes: leads,
          plannedAt: new Date(row.created_at),
          timeZone: booking.time_zone,
        });
        for (const reminder of plan) {
          work.planned.push({
            trainerId,
            bookingId,
            purpose: reminderPurpose(reminder.leadMinutes),
            scheduleVersion,
            scheduledFor: reminder.fireAt,
          });
          work.reminders.push(
            reminderJob(
              {
                trainerId,
                bookingId,
                leadMinutes: reminder.leadMinutes,
                scheduleVersion,
                startTime: startTime.toISOString(),
                fireAt: reminder.fireAt.toISOString(),
              },
              now,
            ),
          );
        }
      }
      const kind = NOTICE_OF[topic];
      work.planned.push({ trainerId, bookingId, purpose: kind, scheduleVersion, scheduledFor: now });
      work.notices.push(
        noticeJob({
          trainerId,
          bookingId,
          kind,
          scheduleVersion,
          previousStartTime: row.payload.previousStartTime ?? null,
        }),
      );
    }
    return work;
  }

  private async enqueue(work: QueueWork): Promise<void> {
    // Removing a job another worker holds fails; that job re-reads the booking and sends nothing.
    await Promise.all(work.removals.map((id) => this.reminders.remove(id).catch(() => 0)));
    if (work.reminders.length > 0) await this.reminders.addBulk(work.reminders);
    if (work.notices.length > 0) await this.emails.addBulk(work.notices);
  }
}

/** A reminder job, due at its fire time (now, if that has passed while Redis was away). */
export function reminderJob(data: ReminderPayload, now: Date) {
  return {
    name: ReminderJob.Send,
    data,
    opts: {
      ...SEND_JOB_OPTIONS,
      jobId: reminderJobId(data.bookingId, data.leadMinutes, data.scheduleVersion),
      delay: Math.max(0, Date.parse(data.fireAt) - now.getTime()),
    },
  };
}

export function noticeJob(data: BookingNoticePayload) {
  return {
    name: EmailJob.BookingNotice,
    data,
    opts: { ...SEND_JOB_OPTIONS, jobId: noticeJobId(data.bookingId, data.kind, data.scheduleVersion) },
  };
}
