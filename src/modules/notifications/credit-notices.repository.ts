import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClientEmailKind, type CreditEmailKind } from './client-emails.types.js';
import {
  CREDIT_NOTICE_PURPOSES,
  EXPIRY_NOTICE_DAYS,
  EXPIRY_NOTICE_LOCAL_TIME,
  LOW_CREDIT_BALANCE,
  type CreditNoticePayload,
} from './credit-notices.types.js';
import type { NotificationStatus } from './notification.entity.js';
import { quietHoursOf, type QuietHours } from '../reminders/reminders.rules.js';

/** A claim left in `sending` this long is taken over: its worker died mid-send (as for reminders). */
const STALE_CLAIM_SECONDS = 120;

/** The claim key of a notice row (see notifications_client_notice_unique). */
export interface NoticeKey extends CreditNoticePayload {
  scheduledFor: Date;
}

/** The target of every notice upsert: the partial unique index, named by its columns and predicate. */
const NOTICE_CONFLICT = `on conflict (client_id, purpose, event_key) where client_id is not null`;

/**
 * The low-credit events, set-based. A movement is what one statement or transaction wrote to a client's ledger (its
 * rows share created_at: an expiry that writes off two purchases at once, a refund with its make-up credit), so a
 * movement that nets out is never taken for a fall. A client is due when their latest movement took credits away
 * and left the balance (the sum of their purchases' credits, which the ledger keeps in step) at one: that movement
 * is the event, keyed by its first ledger row. `?` placeholders, in order: since, then the optional filters'.
 */
function lowCreditEventsSql(filter: { enabledOnly: boolean; oneClient: boolean }): string {
  return `with movements as (
      select l.trainer_id, cp.client_id, l.created_at, sum(l.delta)::int as delta, min(l.id::text) as event_key
        from trainers t
        join credit_ledger_entries l on l.trainer_id = t.id
        join client_packages cp on cp.id = l.client_package_id
       where l.created_at > ?::timestamptz
         ${filter.enabledOnly ? 'and t.credit_notices_enabled' : ''}
         ${filter.oneClient ? 'and t.id = ? and cp.client_id = ?' : ''}
       group by l.trainer_id, cp.client_id, l.created_at
    ), latest as (
      select distinct on (client_id) trainer_id, client_id, created_at, delta, event_key
        from movements order by client_id, created_at desc
    )
    select latest.trainer_id, latest.client_id, latest.event_key, latest.created_at as scheduled_for
      from latest
     where latest.delta < 0
       and (select sum(cp.credits_remaining) from client_packages cp
             where cp.client_id = latest.client_id and cp.trainer_id = latest.trainer_id) = ${LOW_CREDIT_BALANCE}`;
}

/**
 * Purchases whose expiry notice is due at `now`: credits left, not expired yet, and past the notice time, which is
 * EXPIRY_NOTICE_LOCAL_TIME on the local day EXPIRY_NOTICE_DAYS before the last valid one (the trainer's zone, so a
 * client never gets it at midnight). A purchase that was bought inside that window (a week's pass) gets none: it
 * would only repeat what the client was told at the till. `?` placeholders: now, now.
 */
const EXPIRING_SQL = `select cp.trainer_id, cp.client_id, cp.id::text as event_key, due.at as scheduled_for
    from trainers t
    join client_packages cp on cp.trainer_id = t.id
    cross join lateral (
      select (((cp.expires_at at time zone t.time_zone)::date - ${EXPIRY_NOTICE_DAYS})
               + time '${EXPIRY_NOTICE_LOCAL_TIME}') at time zone t.time_zone as at
    ) due
   where t.credit_notices_enabled
     and cp.credits_remaining > 0
     and cp.expires_at > ?::timestamptz
     and cp.expires_at <= ?::timestamptz + interval '${EXPIRY_NOTICE_DAYS + 1} days'
     and due.at <= ?::timestamptz
     and cp.purchased_at < due.at`;

interface PendingRow {
  trainer_id: string;
  client_id: string;
  purpose: CreditEmailKind;
  event_key: string;
  scheduled_for: Date | string;
  time_zone: string;
  quiet_hours_enabled: boolean;
  quiet_hours_start: string;
  quiet_hours_end: string;
}

/** A notice still to send, with what its send time depends on: when it fell due and the trainer's quiet hours. */
export interface PendingNotice {
  payload: CreditNoticePayload;
  scheduledFor: Date;
  timeZone: string;
  quietHours: QuietHours | null;
}

/**
 * The SQL of the credit notices: finding due events for every trainer at once, writing them to the notification log
 * (planned, or skipped with the reason), and the claim and outcome of each send, keyed by (client, purpose, event).
 */
@Injectable()
export class CreditNoticesRepository {
  /**
   * Writes a row for every due event that has none, in one statement: planned for a client who can get email,
   * skipped (with the reason) for one without an address or who opted out. An event already logged stays as it is,
   * so a second sweep, on this worker or another, plans nothing twice. Answers how many rows it wrote.
   */
  async planDue(em: EntityManager, now: Date, lowSince: Date): Promise<number> {
    const rows = await em.execute<Array<{ id: string }>>(
      `with due as (
         select trainer_id, client_id, '${ClientEmailKind.CreditsLow}' as purpose, event_key, scheduled_for
           from (${lowCreditEventsSql({ enabledOnly: true, oneClient: false })}) low
         union all
         select trainer_id, client_id, '${ClientEmailKind.CreditsExpiring}', event_key, scheduled_for
           from (${EXPIRING_SQL}) expiring
       ), reasoned as (
         select due.*, c.email,
                case when coalesce(c.email, '') = '' then 'no_email'
                     when c.email_opt_out_at is not null then 'opted_out' end as skip_reason
           from due join clients c on c.id = due.client_id and c.trainer_id = due.trainer_id
       )
       insert into notifications
              (id, trainer_id, client_id, purpose, event_key, channel, recipient, status, scheduled_for, last_error)
       select gen_random_uuid(), trainer_id, client_id, purpose, event_key, 'email', nullif(email, ''),
              (case when skip_reason is null then 'planned' else 'skipped' end)::notification_status,
              scheduled_for, skip_reason
         from reasoned
       ${NOTICE_CONFLICT} do nothing
       returning id`,
      [lowSince, now, now, now],
    );
    return rows.length;
  }

  /** Notices still to send (planned, or claimed by a worker that died): what the emails queue must hold. */
  async pending(em: EntityManager, limit: number): Promise<PendingNotice[]> {
    const rows = await em.execute<PendingRow[]>(
      `select n.trainer_id, n.client_id, n.purpose, n.event_key, n.scheduled_for, t.time_zone,
              t.quiet_hours_enabled, t.quiet_hours_start, t.quiet_hours_end
         from notifications n join trainers t on t.id = n.trainer_id
        where n.client_id is not null and n.booking_id is null
          and n.purpose in (${CREDIT_NOTICE_PURPOSES.map(() => '?').join(', ')})
          and (n.status = 'planned'
               or (n.status = 'sending' and n.updated_at < now() - make_interval(secs => ?)))
        order by n.scheduled_for limit ?`,
      [...CREDIT_NOTICE_PURPOSES, STALE_CLAIM_SECONDS, limit],
    );
    return rows.map((row) => ({
      payload: { trainerId: row.trainer_id, clientId: row.client_id, kind: row.purpose, eventKey: row.event_key },
      scheduledFor: new Date(row.scheduled_for),
      timeZone: row.time_zone,
      quietHours: quietHoursOf({
        enabled: row.quiet_hours_enabled,
        start: row.quiet_hours_start,
        end: row.quiet_hours_end,
      }),
    }));
  }

  /** The client's low-credit event as of now (the same rule as the sweep, whatever the setting), or null. */
  async currentLowCreditEvent(
    em: EntityManager,
    trainerId: string,
    clientId: string,
    since: Date,
  ): Promise<string | null> {
    const [row] = await em.execute<Array<{ event_key: string }>>(
      lowCreditEventsSql({ enabledOnly: false, oneClient: true }),
      [since, trainerId, clientId],
    );
    return row?.event_key ?? null;
  }

  /** The trainer's "credit notices" setting; null when there is no such trainer. */
  async noticesEnabled(em: EntityManager, trainerId: string): Promise<boolean | null> {
    const [row] = await em.execute<Array<{ credit_notices_enabled: boolean }>>(
      `select credit_notices_enabled from trainers where id = ?`,
      [trainerId],
    );
    return row ? row.credit_notices_enabled : null;
  }

  /** Settles a notice that will not be sent (skipped, or cancelled as stale), unless it is already past `planned`. */
  async settle(em: EntityManager, key: NoticeKey, status: NotificationStatus, reason: string): Promise<void> {
    await em.execute(
      `insert into notifications (id, trainer_id, client_id, purpose, event_key, channel, status, scheduled_for, last_error)
       values (?, ?, ?, ?, ?, 'email', ?, ?, ?)
       ${NOTICE_CONFLICT} do update
          set status = excluded.status, last_error = excluded.last_error, updated_at = now()
        where notifications.status = 'planned'`,
      [randomUUID(), key.trainerId, key.clientId, key.kind, key.eventKey, status, key.scheduledFor, reason],
    );
  }

  /**
   * The claim, as for reminders: inserts the row as `sending`, or takes a `planned` one (or a `sending` one whose
   * worker died), in one statement. Null when another job holds or finished it, so a duplicate job sends nothing.
   */
  async claim(em: EntityManager, key: NoticeKey, recipient: string): Promise<{ id: string; attempts: number } | null> {
    const [row] = await em.execute<Array<{ id: string; attempts: number }>>(
      `insert into notifications
              (id, trainer_id, client_id, purpose, event_key, channel, recipient, status, attempts, scheduled_for)
       values (?, ?, ?, ?, ?, 'email', ?, 'sending', 1, ?)
       ${NOTICE_CONFLICT} do update
          set status = 'sending', recipient = excluded.recipient, attempts = notifications.attempts + 1,
              updated_at = now()
        where notifications.status = 'planned'
           or (notifications.status = 'sending' and notifications.updated_at < now() - make_interval(secs => ?))
       returning id, attempts`,
      [
        randomUUID(),
        key.trainerId,
        key.clientId,
        key.kind,
        key.eventKey,
        recipient,
        key.scheduledFor,
        STALE_CLAIM_SECONDS,
      ],
    );
    return row ?? null;
  }
}
