import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The columns this repository reads. */
interface OutboxMaintenanceDb {
  outbox_messages: { id: string; created_at: Date; processed_at: Date | null };
}

/** How far behind the relay is: rows not yet moved to BullMQ. */
export interface OutboxLag {
  /** Unprocessed rows, counted up to `cap` (then exactly `cap`). */
  pending: number;
  /** When the oldest unprocessed row was written; null when there is none. */
  oldestPendingAt: Date | null;
}

/**
 * The outbox's housekeeping SQL, apart from its write side and its relay: the cleanup of processed rows and the
 * lag readiness reports. Typed Kysely on the EntityManager it is given (a fork, or the caller's transaction).
 */
@Injectable()
export class OutboxMaintenanceRepository {
  /**
   * Deletes at most `limit` rows processed before `cutoff`; answers how many went. One short statement per batch,
   * so the cleanup never holds many row locks or one long transaction while the relay is writing. No ORDER BY:
   * which old rows go first does not matter, and without it the scan stops at the first `limit` it finds. There is
   * no index on processed_at on purpose: it would cost every relayed row an index write to speed up a daily job.
   */
  async deleteProcessedBefore(em: EntityManager, cutoff: Date, limit: number): Promise<number> {
    const result = await em
      .getKysely<OutboxMaintenanceDb>()
      .deleteFrom('outbox_messages')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('outbox_messages')
          .select('id')
          .where('processed_at', 'is not', null)
          .where('processed_at', '<', cutoff)
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * The relay's backlog in one statement that stays cheap however large it grows: the oldest row comes from the
   * partial index on pending rows (outbox_messages_pending_idx), and the count stops at `cap`.
   */
  async lag(em: EntityManager, cap: number): Promise<OutboxLag> {
    const row = await em
      .getKysely<OutboxMaintenanceDb>()
      .selectNoFrom((eb) => [
        eb
          .selectFrom('outbox_messages')
          .select('created_at')
          .where('processed_at', 'is', null)
          .orderBy('created_at')
          .limit(1)
          .as('oldest_pending_at'),
        eb
          .selectFrom(
            eb.selectFrom('outbox_messages').select('id').where('processed_at', 'is', null).limit(cap).as('capped'),
          )
          .select((sub) => sub.fn.countAll<string>().as('count'))
          .as('pending'),
      ])
      .executeTakeFirstOrThrow();
    return {
      // count(*) is a bigint, which the driver hands over as a string.
      pending: Number(row.pending ?? 0),
      oldestPendingAt: row.oldest_pending_at ? new Date(row.oldest_pending_at) : null,
    };
  }
}
