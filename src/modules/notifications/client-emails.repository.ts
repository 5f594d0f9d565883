import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { BookingStatus } from '../bookings/booking-status.js';
import type { EmailClient, EmailTrainer } from './client-emails.types.js';
import { Coalescer } from '../../common/batching/coalescer.js';
import { isUuid } from '../../common/validation/validators.js';
import { rowsOnPool } from '../../database/bound-sql.js';

/** pg hands timestamptz back as text. */
type Timestamp = string;

interface PartiesRow {
  client_id: string;
  client_name: string;
  client_email: string | null;
  email_opt_out_at: Timestamp | null;
  trainer_id: string;
  business_name: string;
  time_zone: string;
  cancellation_cutoff_hours: number;
  contact_name: string;
  contact_email: string;
}

interface BookingRow extends PartiesRow {
  booking_id: string;
  start_time: Timestamp;
  end_time: Timestamp;
  status: BookingStatus;
  schedule_version: number;
  cancellation_reason: string | null;
}

export interface EmailParties {
  client: EmailClient;
  trainer: EmailTrainer;
}

export interface EmailBooking extends EmailParties {
  booking: {
    id: string;
    startTime: Date;
    endTime: Date;
    status: BookingStatus;
    scheduleVersion: number;
    cancellationReason: string | null;
  };
}

interface BookingKey {
  trainerId: string;
  bookingId: string;
}

export interface UnsubscribeRow {
  clientName: string;
  businessName: string;
  optedOut: boolean;
}

const PARTIES_COLUMNS = `c.id as client_id, c.name as client_name, c.email as client_email, c.email_opt_out_at,
  t.id as trainer_id, t.business_name, t.time_zone, t.cancellation_cutoff_hours,
  u.name as contact_name, u.email as contact_email`;

function toParties(row: PartiesRow): EmailParties {
  return {
    client: {
      id: row.client_id,
      name: row.client_name,
      email: row.client_email,
      emailOptOutAt: row.email_opt_out_at === null ? null : new Date(row.email_opt_out_at),
    },
    trainer: {
      id: row.trainer_id,
      businessName: row.business_name,
      timeZone: row.time_zone,
      cancellationCutoffHours: row.cancellation_cutoff_hours,
      contactName: row.contact_name,
      contactEmail: row.contact_email,
    },
  };
}

/** The SQL behind client emails: one statement per read, every one scoped by the trainer. */
@Injectable()
export class ClientEmailsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * A booking with its client, trainer and the trainer's contact (their user), or null. Concurrent sends in the
   * worker ask for many bookings at once; their reads share one statement (see Coalescer), so a backlog of
   * reminders costs a statement per batch rather than per reminder.
   */
  booking(trainerId: string, bookingId: string): Promise<EmailBooking | null> {
    return this.bookingReads.run({ trainerId, bookingId });
  }

  private readonly bookingReads = new Coalescer<BookingKey, EmailBooking | null>((keys) => this.readBookings(keys));

  private async readBookings(keys: readonly BookingKey[]): Promise<Array<EmailBooking | null>> {
    // Ids from a job payload are checked here: one malformed id must not fail the batch it shares.
    const valid = keys.filter((key) => isUuid(key.trainerId) && isUuid(key.bookingId));
    if (valid.length === 0) return keys.map(() => null);
    const rows = await rowsOnPool<BookingRow>(
      this.em,
      `select b.id as booking_id, b.start_time, b.end_time, b.status, b.schedule_version, b.cancellation_reason,
              ${PARTIES_COLUMNS}
         from bookings b
         join clients c on c.id = b.client_id
         join trainers t on t.id = b.trainer_id
         join users u on u.id = t.user_id
        where b.id = any($1::uuid[])`,
      [valid.map((key) => key.bookingId)],
    );
    const byId = new Map(rows.map((row) => [row.booking_id, row]));
    return keys.map((key) => {
      const row = byId.get(key.bookingId.toLowerCase());
      // Scoped by trainer: another trainer's booking id reads as no booking at all.
      if (!row || row.trainer_id !== key.trainerId.toLowerCase()) return null;
      return {
        booking: {
          id: row.booking_id,
          startTime: new Date(row.start_time),
          endTime: new Date(row.end_time),
          status: row.status,
          scheduleVersion: row.schedule_version,
          cancellationReason: row.cancellation_reason,
        },
        ...toParties(row),
      };
    });
  }

  /** A client with their trainer and the trainer's contact, or null. */
  async parties(trainerId: string, clientId: string): Promise<EmailParties | null> {
    const [row] = await this.em.execute<PartiesRow[]>(
      `select ${PARTIES_COLUMNS}
         from clients c
         join trainers t on t.id = c.trainer_id
         join users u on u.id = t.user_id
        where c.id = ? and c.trainer_id = ?`,
      [clientId, trainerId],
    );
    return row ? toParties(row) : null;
  }

  async unsubscribeState(trainerId: string, clientId: string): Promise<UnsubscribeRow | null> {
    const [row] = await this.em.execute<Array<{ name: string; business_name: string; opted_out: boolean }>>(
      `select c.name, t.business_name, c.email_opt_out_at is not null as opted_out
         from clients c join trainers t on t.id = c.trainer_id
        where c.id = ? and c.trainer_id = ?`,
      [clientId, trainerId],
    );
    return row ? { clientName: row.name, businessName: row.business_name, optedOut: row.opted_out } : null;
  }

  /** Sets the opt-out once (a repeat keeps the first time); null when no such client of that trainer. */
  async optOut(trainerId: string, clientId: string): Promise<UnsubscribeRow | null> {
    const [row] = await this.em.execute<Array<{ name: string; business_name: string }>>(
      `update clients c
          set email_opt_out_at = coalesce(c.email_opt_out_at, now()),
              updated_at = case when c.email_opt_out_at is null then now() else c.updated_at end
         from trainers t
        where t.id = c.trainer_id and c.id = ? and c.trainer_id = ?
        returning c.name, t.business_name`,
      [clientId, trainerId],
    );
    return row ? { clientName: row.name, businessName: row.business_name, optedOut: true } : null;
  }
}
