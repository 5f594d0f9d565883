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
import { localDateOf } from '../../common/time/zoned-time.js';
import { rowsInTransaction } from '../../database/bound-sql.js';
import { isUuid } from '../../common/validation/validators.js';
import { RollupsService } from '../analytics/rollups.service.js';
import { BookingStatus, ROLLUP_COUNTED_STATUSES } from '../bookings/booking-status.js';
import {
  TrainerCopyJob,
  trainerCopyJobId,
  type TrainerCopyEvent,
  type TrainerCopyPayload,
} from '../notifications/trainer-emails.types.js';
import { NotificationLogRepository, type PlannedRow } from '../reminders/notification-log.repository.js';
import { planReminders, quietHoursOf } from '../reminders/reminders.rules.js';
import {
  BOOKING_TOPICS,
  OutboxTopic,
  type BookingChangedPayload,
  type BookingTopic,
  type RollupsRefreshPayload,
} from './outbox.types.js';

/**
 * How many rows one relay pass takes; a second relay (another worker) takes the next ones (SKIP LOCKED). A pass
 * costs five statements whatever its size, so bigger passes relay faster: 100 rows a pass relayed 15,500 jobs a
 * second, 250 rows 17,900 (bench/RESULTS.md, against addBulk calls of the same size). A pass takes only what is
 * waiting, so a quiet outbox still relays each change at once.
 */
export const RELAY_BATCH = 250;
/** Relay passes at once in drain(). */
const RELAY_LANES = 3;
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
  payload: unknown;
  created_at: string;
}

interface BookingRow extends OutboxRow {
  topic: BookingTopic;
  payload: BookingChangedPayload;
}

interface RollupsRow extends OutboxRow {
  topic: OutboxTopic.RollupsRefresh;
  payload: RollupsRefreshPayload;
}

interface BookingFacts {
  id: string;
  start_time: string;
  status: BookingStatus;
  schedule_version: number;
  time_zone: string;
  reminder_lead_minutes: number[];
  quiet_hours_enabled: boolean;
  quiet_hours_start: string;
  quiet_hours_end: string;
  trainer_copies_enabled: boolean;
}

interface QueueWork {
  reminders: Array<{ name: string; data: ReminderPayload; opts: JobsOptions }>;
  /** Booking notices and trainer copies, both on the emails queue. */
  emails: Array<{ name: string; data: BookingNoticePayload | TrainerCopyPayload; opts: JobsOptions }>;
  /** Reminder job ids to remove (a cancel, or the versions a reschedule replaced). */
  removals: string[];
  planned: PlannedRow[];
  /** Local days (in each trainer's zone) whose rollups the batch's changes touched. */
  rollupDays: Map<string, Set<string>>;
}

/** The copy a trainer gets of an API change; reschedules get none. */
const COPY_OF: Partial<Record<BookingTopic, TrainerCopyEvent>> = {
  [OutboxTopic.BookingCreated]: 'booked',
  [OutboxTopic.BookingCancelled]: 'cancelled',
};

const NOTICE_OF: Record<BookingTopic, BookingNoticeKind> = {
  [OutboxTopic.BookingCreated]: 'booking_confirmed',
  [OutboxTopic.BookingRescheduled]: 'booking_rescheduled',
  [OutboxTopic.BookingCancelled]: 'booking_cancelled',
};

/** Waits for every one, then fails with the first failure: nothing is left running on the pass's connection. */
async function allOrFirstError(work: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

function withTimeout<T>(work: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer ${what} in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The relay: moves committed outbox rows to BullMQ: a booking's reminders (planned with its trainer's lead times
 * and quiet hours), its client notice, the trainer's copy of an API change, and the rollup refresh of every local day
 * a booking, payment or ledger change touched. Rows are taken FOR UPDATE SKIP LOCKED, so any number of
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
    private readonly rollups: RollupsService,
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
    @InjectQueue(QueueName.Emails) private readonly emails: Queue,
  ) {}

  /**
   * Relays until the outbox is empty, in RELAY_LANES passes at once. A pass waits on PostgreSQL and on Redis in
   * turn; lanes overlap the waits (SKIP LOCKED gives each its own rows; on 2 cores three lanes relayed 14,336 jobs
   * a second where two relayed 13,649, bench/RESULTS.md). Order between lanes does not matter, as between two
   * workers' relays: the processor re-reads the booking before it sends, and job ids carry the schedule version.
   * Returns the rows relayed.
   */
  async drain(): Promise<number> {
    const lane = async () => {
      let rows = 0;
      for (let relayed = await this.relayBatch(); relayed > 0; relayed = await this.relayBatch()) rows += relayed;
      return rows;
    };
    const lanes = await Promise.all(Array.from({ length: RELAY_LANES }, lane));
    return lanes.reduce((total, rows) => total + rows, 0);
  }

  async relayBatch(now: Date = new Date(), redisTimeoutMs = REDIS_TIMEOUT_MS): Promise<number> {
    let taken: string[] = [];
    try {
      return await this.em.fork().transactional(async (em) => {
        // Taken and marked relayed in one statement: the mark commits only with the jobs (a Redis failure below
        // rolls the pass back, mark included), and RETURNING's order is not the queue's, hence the sort.
        const rows = (
          await rowsInTransaction<OutboxRow>(
            em,
            `with taken as (
               select id from outbox_messages
                where processed_at is null and topic = any($1::text[])
                order by created_at limit $2 for update skip locked)
             update outbox_messages o set processed_at = $3, last_error = null
               from taken where o.id = taken.id
             returning o.id, o.topic, o.payload, o.created_at`,
            [Object.values(OutboxTopic), RELAY_BATCH, now],
          )
        ).sort(
          (x, y) => new Date(x.created_at).getTime() - new Date(y.created_at).getTime() || x.id.localeCompare(y.id),
        );
        taken = rows.map((row) => row.id);
        if (rows.length === 0) return 0;
        const work = await this.plan(em, rows, now);
        // The planned rows and the jobs go out at once (each took about a third and two thirds of a pass): both
        // only count once the pass commits, and a failure of either rolls it back, as when they ran one by one.
        // A job added for a pass that then rolls back is added again, under the same id, by the next pass.
        await allOrFirstError([
          this.log.plan(em, work.planned),
          withTimeout(this.enqueue(work, now), 'the relay', redisTimeoutMs),
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

  /** Decides every row's jobs: the booking rows' from the bookings as they are now, then the rollup rows'. */
  private async plan(em: EntityManager, rows: readonly OutboxRow[], now: Date): Promise<QueueWork> {
    const work: QueueWork = { reminders: [], emails: [], removals: [], planned: [], rollupDays: new Map() };
    const bookingRows = rows.filter((row): row is BookingRow => isBookingRow(row));
    const rollupRows = rows.filter((row): row is RollupsRow => isRollupsRow(row));
    await this.planBookings(em, bookingRows, now, work);
    await this.planRollups(em, rollupRows, work);
    const skipped = rows.length - bookingRows.length - rollupRows.length;
    // A row no code can act on (hand-written, or from a newer release) is marked done rather than retried forever.
    if (skipped > 0) this.logger.warn({ rows: skipped }, 'Outbox rows with an unreadable payload were skipped');
    return work;
  }

  /** One read for the batch's bookings with their trainers' reminder settings. */
  private async planBookings(em: EntityManager, rows: readonly BookingRow[], now: Date, work: QueueWork) {
    if (rows.length === 0) return;
    const ids = [...new Set(rows.map((row) => row.payload.bookingId))];
    const facts = await rowsInTransaction<BookingFacts>(
      em,
      `select b.id, b.start_time, b.status, b.schedule_version, t.time_zone, t.reminder_lead_minutes,
              t.quiet_hours_enabled, t.quiet_hours_start, t.quiet_hours_end, t.trainer_copies_enabled
         from bookings b join trainers t on t.id = b.trainer_id where b.id = any($1::uuid[])`,
      [ids],
    );
    const byId = new Map(facts.map((row) => [row.id, row]));
    for (const row of rows) {
      const topic = row.topic;
      const booking = byId.get(row.payload.bookingId);
      if (!booking) continue;
      const { trainerId, bookingId, scheduleVersion } = row.payload;
      const leads = booking.reminder_lead_minutes.map(Number);
      const startTime = new Date(booking.start_time);
      // The session's day changes figures once it counts there (cancelled here; completed and no-show write their
      // own refresh), and a move changes the day it left as well. A new or moved pending session counts nowhere:
      // refreshing its day would be a rollup job per booking for nothing.
      if (ROLLUP_COUNTED_STATUSES.includes(booking.status)) {
        addRollupDay(work, trainerId, localDateOf(startTime, booking.time_zone));
        if (row.payload.previousStartTime)
          addRollupDay(work, trainerId, localDateOf(new Date(row.payload.previousStartTime), booking.time_zone));
      }
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
        const plan = planReminders({
          startTime,
          leadMinutes: leads,
          plannedAt: new Date(row.created_at),
          // Clients keep no zone of their own, so quiet hours and whole-day leads are read on the trainer's clock.
          timeZone: booking.time_zone,
          quietHours: quietHoursOf({
            enabled: booking.quiet_hours_enabled,
            start: booking.quiet_hours_start,
            end: booking.quiet_hours_end,
          }),
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
      work.emails.push(
        noticeJob({
          trainerId,
          bookingId,
          kind,
          scheduleVersion,
          previousStartTime: row.payload.previousStartTime ?? null,
        }),
      );
      // The trainer did a web change themselves; what their app (or an integration) did, they hear of.
      const event = COPY_OF[topic];
      if (event && row.payload.origin === 'api' && booking.trainer_copies_enabled) {
        work.emails.push(
          trainerCopyJob({ trainerId, bookingId, event, scheduleVersion, startTime: startTime.toISOString() }),
        );
      }
    }
  }

  /** Payment and ledger changes: their instants become local days in each trainer's zone (one read). */
  private async planRollups(em: EntityManager, rows: readonly RollupsRow[], work: QueueWork) {
    if (rows.length === 0) return;
    const trainerIds = [...new Set(rows.map((row) => row.payload.trainerId.toLowerCase()))];
    const zones = await em.execute<Array<{ id: string; time_zone: string }>>(
      'select id, time_zone from trainers where id in (?)',
      [trainerIds],
    );
    const zoneOf = new Map(zones.map((row) => [row.id, row.time_zone]));
    for (const row of rows) {
      const trainerId = row.payload.trainerId.toLowerCase();
      const zone = zoneOf.get(trainerId);
      // A trainer deleted since has no rollups left to refresh.
      if (!zone) continue;
      for (const at of row.payload.at) addRollupDay(work, trainerId, localDateOf(new Date(at), zone));
    }
  }

  private async enqueue(work: QueueWork, now: Date): Promise<void> {
    // Removing a job another worker holds fails; that job re-reads the booking and sends nothing.
    await Promise.all(work.removals.map((id) => this.reminders.remove(id).catch(() => 0)));
    if (work.reminders.length > 0) await this.reminders.addBulk(work.reminders);
    if (work.emails.length > 0) await this.emails.addBulk(work.emails);
    // Debounced and deduplicated by job id (see rollupDayJob), so a row relayed twice still makes one job.
    await Promise.all(
      [...work.rollupDays].map(([trainerId, days]) => this.rollups.scheduleDays(trainerId, [...days], now)),
    );
  }
}

function isBookingRow(row: OutboxRow): row is BookingRow {
  const payload = row.payload as Partial<BookingChangedPayload> | null;
  return (
    (BOOKING_TOPICS as readonly string[]).includes(row.topic) &&
    isUuid(payload?.bookingId) &&
    isUuid(payload.trainerId) &&
    Number.isInteger(payload.scheduleVersion)
  );
}

function isRollupsRow(row: OutboxRow): row is RollupsRow {
  const payload = row.payload as Partial<RollupsRefreshPayload> | null;
  return (
    row.topic === OutboxTopic.RollupsRefresh &&
    isUuid(payload?.trainerId) &&
    Array.isArray(payload.at) &&
    payload.at.every((at) => typeof at === 'string' && !Number.isNaN(Date.parse(at)))
  );
}

function addRollupDay(work: QueueWork, trainerId: string, day: string): void {
  const key = trainerId.toLowerCase();
  const days = work.rollupDays.get(key) ?? new Set<string>();
  work.rollupDays.set(key, days.add(day));
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

export function trainerCopyJob(data: TrainerCopyPayload) {
  return { name: TrainerCopyJob.Send, data, opts: { ...SEND_JOB_OPTIONS, jobId: trainerCopyJobId(data) } };
}
