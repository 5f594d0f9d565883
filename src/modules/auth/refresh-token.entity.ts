import { type Opt, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from './user.entity.js';

/**
 * An opaque refresh token, stored only as a hash. Tokens of one login share a family: presenting a rotated
 * (already used) token revokes the whole family, as RFC 9700 recommends.
 */
@Entity({ tableName: 'refresh_tokens' })
@Unique({ name: 'refresh_tokens_hash_unique', properties: ['tokenHash'] })
@Index({ name: 'refresh_tokens_user_idx', properties: ['user', 'revokedAt'] })
@Index({ name: 'refresh_tokens_family_idx', properties: ['familyId'] })
export class RefreshToken extends BaseEntity {
  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user: Rel<User>;

  @Property({ type: 'uuid' })
  familyId: string;

  @Property({ type: 'string', length: 64 })
  tokenHash: string;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'string', length: 300, nullable: true })
  deviceName?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lastUsedAt: Date & Opt = new Date();
}
