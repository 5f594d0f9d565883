import { type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';

/** A dated day off in the trainer's local calendar. */
@Entity({ tableName: 'availability_exceptions' })
@Unique({ name: 'availability_exceptions_trainer_date_unique', properties: ['trainer', 'date'] })
export class AvailabilityException extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  /** Local date, "YYYY-MM-DD". */
  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'string', length: 200, nullable: true })
  reason?: string | null;
}
