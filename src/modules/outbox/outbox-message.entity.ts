import { type Opt } from '@mikro-orm/core';
import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';

/**
 * Jobs to enqueue, written in the same transaction as the change that causes them. A relay moves them to
 * BullMQ, so a crash between commit and enqueue loses nothing.
 */
@Entity({ tableName: 'outbox_messages' })
@Index({
  name: 'outbox_messages_pending_idx',
  expression:
    'create index "outbox_messages_pending_idx" on "outbox_messages" ("created_at") where "processed_at" is null',
})
export class OutboxMessage extends BaseEntity {
  @Property({ type: 'string', length: 100 })
  topic: string;

  @Property({ type: 'json' })
  payload: Record<string, unknown>;

  @Property({ type: 'datetime', nullable: true })
  processedAt?: Date | null;

  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;
}
