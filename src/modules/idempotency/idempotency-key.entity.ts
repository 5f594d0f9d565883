import { type Opt, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from '../auth/user.entity.js';

export enum IdempotencyState {
  InProgress = 'in_progress',
  Completed = 'completed',
}

/** A remembered API answer: a retry with the same key replays it instead of doing the work twice. */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ name: 'idempotency_keys_user_key_unique', properties: ['user', 'key'] })
@Index({ name: 'idempotency_keys_expires_idx', properties: ['expiresAt'] })
export class IdempotencyKey extends BaseEntity {
  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user: Rel<User>;

  @Property({ type: 'string', length: 255 })
  key: string;

  /** "POST /api/v1/bookings": a key reused on another route is a different request. */
  @Property({ type: 'string', length: 300 })
  route: string;

  @Property({ type: 'string', length: 64 })
  requestHash: string;

  @Enum({ items: () => IdempotencyState, nativeEnumName: 'idempotency_state', default: IdempotencyState.InProgress })
  state: IdempotencyState & Opt = IdempotencyState.InProgress;

  @Property({ type: 'smallint', nullable: true })
  responseStatus?: number | null;

  @Property({ type: 'json', nullable: true })
  responseBody?: unknown;

  @Property({ type: 'datetime' })
  expiresAt: Date;
}
