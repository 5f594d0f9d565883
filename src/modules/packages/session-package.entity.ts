import { type Opt, type Rel } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';

/** A catalogue item, e.g. "10 sessions, £500, valid 90 days". */
@Entity({ tableName: 'session_packages' })
@Index({ name: 'session_packages_trainer_active_idx', properties: ['trainer', 'active', 'name'] })
@Check({ name: 'session_packages_sessions_positive', expression: 'session_count > 0' })
@Check({ name: 'session_packages_price_non_negative', expression: 'price_minor >= 0' })
@Check({ name: 'session_packages_validity_positive', expression: 'validity_days is null or validity_days > 0' })
export class SessionPackage extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'integer' })
  sessionCount: number;

  @Property({ type: 'integer' })
  priceMinor: number;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'integer', nullable: true })
  validityDays?: number | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;
}
