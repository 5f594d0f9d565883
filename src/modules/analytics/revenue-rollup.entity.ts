import { type Opt, type Rel, PrimaryKeyProp } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Trainer } from '../trainers/trainer.entity.js';

/** One row per trainer and local day; rebuilt idempotently from raw rows by the rollup job. */
@Entity({ tableName: 'revenue_rollups' })
export class RevenueRollup {
  [PrimaryKeyProp]?: ['trainer', 'day'];

  @ManyToOne({ entity: () => Trainer, primary: true, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  /** Local date in the trainer's zone, "YYYY-MM-DD". */
  @PrimaryKey({ type: 'date' })
  day: string;

  @Property({ type: 'bigint', default: 0 })
  revenueMinor: bigint & Opt = 0n;

  @Property({ type: 'integer', default: 0 })
  sessionsCompleted: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  cancellations: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  noShows: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  newClients: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  creditsSold: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  creditsConsumed: number & Opt = 0;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  computedAt: Date & Opt = new Date();
}
