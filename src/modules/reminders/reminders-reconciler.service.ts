import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName, type BookingNoticeKind } from '../../common/queue/queues.js';
import { noticeJob, reminderJob } from '../outbox/outbox-relay.service.js';
import { NotificationLogRepository } from './notification-log.repository.js';

/** Rows per pass; the soonest first, so what is due next is back in Redis first. */
const RECONCILE_LIMIT = 5_000;

/**
 * Puts back any job Redis lost (a FLUSHALL, an eviction, a restore from an old snapshot) from the planned
 * notification rows in PostgreSQL. Adding a job whose id Redis still knows does nothing, so running it on every
 * worker, as often as wanted, never makes a second job; and the claim makes a second job harmless anyway.
 */
@Injectable()
export class RemindersReconcilerService {
  constructor(
    private readonly em: EntityManager,
    private readonly log: NotificationLogRepository,
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
    @InjectQueue(QueueName.Emails) private readonly emails: Queue,
  ) {}

  /** Answers how many planned messages it handed to BullMQ (most of them already there). */
  async reconcile(now: Date = new Date()): Promise<number> {
    const rows = await this.log.plannedRows(this.em.fork(), RECONCILE_LIMIT);
    const reminderJobs = [];
    const noticeJobs = [];
    for (const row of rows) {
      const lead = /^reminder:(\d+)$/.exec(row.purpose)?.[1];
      if (lead) {
        // A reminder of an older version is dead: the reschedule that replaced it cancels it.
        if (row.scheduleVersion !== row.bookingVersion) continue;
        reminderJobs.push(
          reminderJob(
            {
              trainerId: row.trainerId,
              bookingId: row.bookingId,
              leadMinutes: Number(lead),
              scheduleVersion: row.scheduleVersion,
              startTime: row.startTime.toISOString(),
              fireAt: row.scheduledFor.toISOString(),
            },
            now,
          ),
        );
      } else {
        noticeJobs.push(
          noticeJob({
            trainerId: row.trainerId,
            bookingId: row.bookingId,
            kind: row.purpose as BookingNoticeKind,
            scheduleVersion: row.scheduleVersion,
          }),
        );
      }
    }
    if (reminderJobs.length > 0) await this.reminders.addBulk(reminderJobs);
    if (noticeJobs.length > 0) await this.emails.addBulk(noticeJobs);
    return reminderJobs.length + noticeJobs.length;
  }
}
