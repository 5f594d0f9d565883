import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Coalescer } from '../../common/batching/coalescer.js';
import { rowsOnPool } from '../../database/bound-sql.js';
import type { SendRecorder, SentOutcome } from './claimed-send.js';

/**
 * Writes what each send did onto its claimed notification row (status, sent time, provider message id, error),
 * for every kind of email the worker sends. Sends finishing at the same time share one statement (see Coalescer):
 * a backlog of reminders then costs a statement per batch. Each runs on its own, outside any transaction, as the
 * claim before it did.
 */
@Injectable()
export class SendOutcomesRepository implements SendRecorder {
  constructor(private readonly em: EntityManager) {}

  async record(id: string, outcome: SentOutcome): Promise<void> {
    await this.outcomes.run({ id, outcome });
  }

  private readonly outcomes = new Coalescer<{ id: string; outcome: SentOutcome }, null>((entries) =>
    this.recordMany(entries),
  );

  private async recordMany(entries: ReadonlyArray<{ id: string; outcome: SentOutcome }>): Promise<null[]> {
    // One row per id: a row claimed twice in a batch cannot happen (the claim is exclusive), but the last word wins.
    const byId = new Map(entries.map((entry) => [entry.id, entry.outcome]));
    const ids = [...byId.keys()];
    const outcomes = [...byId.values()];
    await rowsOnPool(
      this.em,
      `update notifications n
          set status = o.status, sent_at = o.sent_at, provider_message_id = o.message_id, last_error = o.error,
              updated_at = now()
         from unnest($1::uuid[], $2::notification_status[], $3::timestamptz[], $4::text[], $5::text[])
              as o(id, status, sent_at, message_id, error)
        where n.id = o.id`,
      [
        ids,
        outcomes.map((outcome) => outcome.status),
        outcomes.map((outcome) => outcome.sentAt),
        outcomes.map((outcome) => outcome.messageId),
        outcomes.map((outcome) => outcome.error),
      ],
    );
    return entries.map(() => null);
  }
}
