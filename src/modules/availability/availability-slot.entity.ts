import { type Rel } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';

/** One range of weekly working hours in the trainer's local time; a weekday may have several. */
@Entity({ tableName: 'availability_slots' })
@Index({ name: 'availability_slots_trainer_weekday_idx', properties: ['trainer', 'weekday'] })
@Check({ name: 'availability_slots_weekday_range', expression: 'weekday >= 1 and weekday <= 7' })
@Check({ name: 'availability_slots_time_order', expression: 'end_time > start_time' })
export class AvailabilitySlot extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  @Property({ type: 'smallint' })
  weekday: number;

  /** Local wall-clock time, "HH:MM:SS". */
  @Property({ type: 'time' })
  startTime: string;

  @Property({ type: 'time' })
  endTime: string;
}
