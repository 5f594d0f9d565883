import { randomUUID } from 'node:crypto';
import { trainerIdOf, type Actor } from '../../src/common/actor.js';
import { rawClient } from '../helpers/database.js';

export interface NotificationRow {
  /** "booking_confirmed", "reminder:1440", … */
  purpose: string;
  status: 'planned' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'logged' | 'skipped';
  scheduledFor: Date | string;
  scheduleVersion?: number;
  sentAt?: Date | string | null;
  attempts?: number;
  recipient?: string | null;
  lastError?: string | null;
  providerMessageId?: string | null;
}

/**
 * Notification rows as the reminder pipeline leaves them, inserted with SQL: the log's readers are tested without
 * running the relay and the worker. Returns the ids, in the order of `rows`.
 */
export async function insertNotifications(actor: Actor, bookingId: string, rows: NotificationRow[]): Promise<string[]> {
  const trainerId = trainerIdOf(actor);
  const db = await rawClient();
  try {
    const ids: string[] = [];
    for (const row of rows) {
      const id = randomUUID();
      await db.query(
        `insert into notifications (id, trainer_id, booking_id, purpose, schedule_version, channel, recipient, status,
                                    attempts, scheduled_for, sent_at, last_error, provider_message_id)
         values ($1, $2, $3, $4, $5, 'email', $6, $7, $8, $9, $10, $11, $12)`,
        [
          id,
          trainerId,
          bookingId,
          row.purpose,
          row.scheduleVersion ?? 0,
          row.recipient ?? null,
          row.status,
          row.attempts ?? (row.status === 'planned' ? 0 : 1),
          new Date(row.scheduledFor),
          row.sentAt ? new Date(row.sentAt) : null,
          row.lastError ?? null,
          row.providerMessageId ?? null,
        ],
      );
      ids.push(id);
    }
    return ids;
  } finally {
    await db.end();
  }
}
