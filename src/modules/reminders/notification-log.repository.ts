import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Coalescer } from '../../common/batching/coalescer.js';
import { rowsInTransaction, rowsOnPool } from '../../database/bound-sql.js';
import type { NotificationStatus } from '../notifications/notification.entity.js';

/** One (booking, purpose, schedule version): the key of a notification row and of its claim. */
export interface NotificationKey {
  trainerId: string;
  bookingId: string;
  purpose: string;
  scheduleVersion: number;
}

export interface PlannedRow extends NotificationKey {
  scheduledFor: Date;
}

interface ClaimRequest extends NotificationKey {
  recipient: string;
  scheduledFor: Date;
}

/** The unique key of a booking's notification row, as one string. */
function keyText(key: Pick<NotificationKey, 'bookingId' | 'purpose' | 'scheduleVersion'>): string {
  return `${key.bookingId.toLowerCase()} ${key.purpose} ${key.scheduleVersion}`;
}

interface ClaimedRow {
  id: string;
  attempts: number;
  booking_id: string;
  purpose: string;
  schedule_version: number;
}

/** The first five columns of new notification rows as arrays for unnest: a fresh id, then the row's key. */
function newRowKeyColumns(rows: readonly NotificationKey[]): unknown[][] {
  return [
    rows.map(() => randomUUID()),
    rows.map((row) => row.trainerId),
    rows.map((row) => row.bookingId),
    rows.map((row) => row.purpose),
    rows.map((row) => row.scheduleVersion),
  ];
}

/** A planned row the reconciler turns back into a job. */
export interface ReconcileRow extends PlannedRow {
  startTime: Date;
  bookingVersion: number;
}

/** One row of a booking's log as the timeline reads it; `id` is null for a booking that has no row yet. */
export interface BookingLogRow {
  id: string | null;
  purpose: string | null;
  schedule_version: number | null;
  channel: string | null;
  recipient: string | null;
  status: string | null;
  attempts: number | null;
  scheduled_for: string | null;
  sent_at: string | null;
  last_error: string | null;
  provider_message_id: string | null;
  updated_at: string | null;
}

/** More rows than any booking makes (a confirmation, two reminders and a notice per move): a bound, not a page. */
const BOOKING_LOG_LIMIT = 500;

/** A claim left in `sending` this long is taken over: its worker died mid-send (SIGKILL, a lost container). */
const STALE_CLAIM_SECONDS = 120;

/**
 * The notifications table as the reminder pipeline writes it, in plain SQL: planned rows (the relay), the claim
 * (a conditional upsert, so a duplicate job finds the row taken) and the outcome (the processor).
 */
@Injectable()
export class NotificationLogRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Planned rows for the timeline and the reconciler; a row that is already there (a second relay) stays as it is.
   * One statement with the rows as arrays (unnest): written out as literal VALUES, a relay pass's few hundred rows
   * cost more in quoting and parsing than in inserting. Runs on `em`'s connection, inside the relay's transaction.
   */
  async plan(em: EntityManager, rows: readonly PlannedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await rowsInTransaction(
      em,
      `insert into notifications (id, trainer_id, booking_id, purpose, schedule_version, channel, status, scheduled_for)
       select id, trainer_id, booking_id, purpose, schedule_version, 'email', 'planned', scheduled_for
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[])
              as planned(id, trainer_id, booking_id, purpose, schedule_version, scheduled_for)
       on conflict on constraint notifications_booking_purpose_unique do nothing`,
      [...newRowKeyColumns(rows), rows.map((row) => row.scheduledFor)],
    );
  }

  /** Marks a booking's still-planned reminders cancelled (all, or those older than `belowVersion`). */
  async cancelPlannedReminders(em: EntityManager, bookingId: string, reason: string, belowVersion?: number) {
    await em.execute(
      `update notifications set status = 'cancelled', last_error = ?, updated_at = now()
        where booking_id = ? and status = 'planned' and purpose like 'reminder:%'
          and (?::int is null or schedule_version < ?::int)`,
      [reason, bookingId, belowVersion ?? null, belowVersion ?? null],
    );
  }

  /**
   * Settles a message that will not be sent (skipped, or cancelled because the booking moved on), unless it is
   * already past `planned`: a sent reminder stays sent.
   */
  async settle(em: EntityManager, key: NotificationKey, status: NotificationStatus, reason: string, at: Date) {
    await em.execute(
      `insert into notifications (id, trainer_id, booking_id, purpose, schedule_version, channel, status, scheduled_for, last_error)
       values (?, ?, ?, ?, ?, 'email', ?, ?, ?)
       on conflict on constraint notifications_booking_purpose_unique do update
          set status = excluded.status, last_error = excluded.last_error, updated_at = now()
        where notifications.status = 'planned'`,
      [randomUUID(), key.trainerId, key.bookingId, key.purpose, key.scheduleVersion, status, at, reason],
    );
  }

  /**
   * The claim: inserts the row as `sending`, or takes a `planned` one (or a `sending` one whose worker died), in
   * one statement. Answers null when another job holds or finished it, so a duplicate job sends nothing.
   * Concurrent sends share a statement (see Coalescer); it runs on its own, outside any caller's transaction.
   */
  claim(key: NotificationKey, recipient: string, scheduledFor: Date): Promise<{ id: string; attempts: number } | null> {
    return this.claims.run({ ...key, recipient, scheduledFor });
  }

  private readonly claims = new Coalescer<ClaimRequest, { id: string; attempts: number } | null>((requests) =>
    this.claimMany(requests),
  );

  private async claimMany(requests: readonly ClaimRequest[]): Promise<Array<{ id: string; attempts: number } | null>> {
    // Two jobs for one key in one batch (a duplicate added by hand) would make the upsert touch a row twice, which
    // PostgreSQL refuses for the whole statement: only the first asks, the others are duplicates by definition.
    const first = new Map<string, ClaimRequest>();
    for (const request of requests) {
      const key = keyText(request);
      if (!first.has(key)) first.set(key, request);
    }
    const asking = [...first.values()];
    const rows = await rowsOnPool<ClaimedRow>(
      this.em,
      `insert into notifications (id, trainer_id, booking_id, purpose, schedule_version, channel, recipient, status, attempts, scheduled_for)
       select id, trainer_id, booking_id, purpose, schedule_version, 'email', recipient, 'sending', 1, scheduled_for
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::timestamptz[])
              as claim(id, trainer_id, booking_id, purpose, schedule_version, recipient, scheduled_for)
       on conflict on constraint notifications_booking_purpose_unique do update
          set status = 'sending', recipient = excluded.recipient, attempts = notifications.attempts + 1,
              updated_at = now()
        where notifications.status = 'planned'
           or (notifications.status = 'sending' and notifications.updated_at < now() - make_interval(secs => $8))
       returning id, attempts, booking_id, purpose, schedule_version`,
      [
        ...newRowKeyColumns(asking),
        asking.map((request) => request.recipient),
        asking.map((request) => request.scheduledFor),
        STALE_CLAIM_SECONDS,
      ],
    );
    const claimed = new Map(
      rows.map((row) => [
        keyText({ bookingId: row.booking_id, purpose: row.purpose, scheduleVersion: row.schedule_version }),
        { id: row.id, attempts: row.attempts },
      ]),
    );
    return requests.map((request) => {
      const key = keyText(request);
      return first.get(key) === request ? (claimed.get(key) ?? null) : null;
    });
  }

  /**
   * The claim for a message no reconciler re-plans (a trainer copy): like claim(), but a transient failure is
   * recorded as `failed`, never handed back as `planned`, and the job's next attempt takes the row by its attempt
   * number. A duplicate job (a first attempt) finds the row taken and sends nothing.
   */
  async claimAttempt(
    em: EntityManager,
    key: NotificationKey,
    recipient: string,
    scheduledFor: Date,
    attempt: number,
  ): Promise<{ id: string; attempts: number } | null> {
    const [row] = await em.execute<Array<{ id: string; attempts: number }>>(
      `insert into notifications (id, trainer_id, booking_id, purpose, schedule_version, channel, recipient, status, attempts, scheduled_for)
       values (?, ?, ?, ?, ?, 'email', ?, 'sending', 1, ?)
       on conflict on constraint notifications_booking_purpose_unique do update
          set status = 'sending', recipient = excluded.recipient, attempts = notifications.attempts + 1,
              updated_at = now()
        where (notifications.status = 'failed' and notifications.attempts < ?::int)
           or (notifications.status = 'sending' and notifications.updated_at < now() - make_interval(secs => ?))
       returning id, attempts`,
      [
        randomUUID(),
        key.trainerId,
        key.bookingId,
        key.purpose,
        key.scheduleVersion,
        recipient,
        scheduledFor,
        attempt,
        STALE_CLAIM_SECONDS,
      ],
    );
    return row ?? null;
  }

  /** Planned rows of bookings that still exist, soonest first: what Redis must hold as jobs. */
  async plannedRows(em: EntityManager, limit: number): Promise<ReconcileRow[]> {
    const rows = await em.execute<
      Array<{
        trainer_id: string;
        booking_id: string;
        purpose: string;
        schedule_version: number;
        scheduled_for: string;
        start_time: string;
        booking_version: number;
      }>
    >(
      `select n.trainer_id, n.booking_id, n.purpose, n.schedule_version, n.scheduled_for,
              b.start_time, b.schedule_version as booking_version
         from notifications n join bookings b on b.id = n.booking_id
        where n.status = 'planned'
        order by n.scheduled_for limit ?`,
      [limit],
    );
    return rows.map((row) => ({
      trainerId: row.trainer_id,
      bookingId: row.booking_id,
      purpose: row.purpose,
      scheduleVersion: row.schedule_version,
      scheduledFor: new Date(row.scheduled_for),
      startTime: new Date(row.start_time),
      bookingVersion: row.booking_version,
    }));
  }

  /**
   * A booking's log, soonest first, in one statement whatever its length. The booking itself is the left side of
   * the join, scoped by the trainer, so null means "not this trainer's booking" and an empty list "nothing yet".
   */
  async bookingLog(em: EntityManager, trainerId: string, bookingId: string): Promise<BookingLogRow[] | null> {
    const rows = await em.execute<BookingLogRow[]>(
      `select n.id, n.purpose, n.schedule_version, n.channel, n.recipient, n.status, n.attempts, n.scheduled_for,
              n.sent_at, n.last_error, n.provider_message_id, n.updated_at
         from bookings b
         left join notifications n on n.booking_id = b.id and n.trainer_id = b.trainer_id
        where b.id = ? and b.trainer_id = ?
        order by n.scheduled_for, n.created_at, n.id
        limit ?`,
      [bookingId, trainerId, BOOKING_LOG_LIMIT],
    );
    if (rows.length === 0) return null;
    return rows.filter((row) => row.id !== null);
  }
}
