import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { isUuid } from '../../common/validation/validators.js';
import { BookingError, BookingErrorCode } from '../bookings/booking.errors.js';
import { NotificationLogRepository, type BookingLogRow } from './notification-log.repository.js';
import { purposeOf, reasonOf, statusOf } from './notification-log.rules.js';
import type { BookingNotificationLog, NotificationLogEntry } from './notification-log.types.js';

function toEntry(row: BookingLogRow): NotificationLogEntry {
  const { purpose, leadMinutes } = purposeOf(row.purpose ?? '');
  const attempts = row.attempts ?? 0;
  const reason = reasonOf({ status: row.status ?? '', lastError: row.last_error, attempts, purpose });
  return {
    id: row.id ?? '',
    purpose,
    leadMinutes,
    channel: row.channel ?? 'email',
    status: statusOf(row.status ?? ''),
    scheduleVersion: row.schedule_version ?? 0,
    scheduledFor: new Date(row.scheduled_for ?? 0),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
    attempts,
    recipient: row.recipient,
    reasonCode: reason?.code ?? null,
    reason: reason?.text ?? null,
    providerMessageId: row.provider_message_id,
    updatedAt: new Date(row.updated_at ?? 0),
  };
}

/**
 * What the trainer sees of the reminder pipeline: the per-booking log of confirmations, notices and reminders,
 * planned, sent, failed or skipped and why. Read-only; the relay and the processor write the rows.
 */
@Injectable()
export class NotificationLogService {
  constructor(
    private readonly em: EntityManager,
    private readonly log: NotificationLogRepository,
  ) {}

  /** One booking's log in one statement. Another trainer's booking (or an unknown id) is not found. */
  async forBooking(actor: Actor, bookingId: string): Promise<BookingNotificationLog> {
    const trainerId = trainerIdOf(actor);
    const id = isUuid(bookingId) ? bookingId.toLowerCase() : null;
    const rows = id ? await this.log.bookingLog(this.em, trainerId, id) : null;
    if (!id || !rows) throw new BookingError(BookingErrorCode.NotFound, 'That session doesn’t exist.');
    return { bookingId: id, entries: rows.map(toEntry) };
  }
}
