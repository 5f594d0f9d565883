import { type Opt, type Rel, PrimaryKeyProp } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Trainer } from '../trainers/trainer.entity.js';

/**
 * One row per trainer and local day (the trainer's zone) on which something counted happened; a day whose every
 * figure is zero has no row. Rebuilt idempotently from raw rows by RollupsRepository.rebuild, never edited by hand.
 */
@Entity({ tableName: 'revenue_rollups' })
export class RevenueRollup {
  [PrimaryKeyProp]?: ['trainer', 'day'];

  @ManyToOne({ entity: () => Trainer, primary: true, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  /** Local date in the trainer's zone, "YYYY-MM-DD". */
  @PrimaryKey({ type: 'date' })
  day: string;

  /** Sum of the signed payment rows paid that day: payments minus refunds, plus or minus corrections. */
  @Property({ type: 'bigint', default: 0 })
  revenueMinor: bigint & Opt = 0n;

  /** Sessions starting that day, by their status now. */
  @Property({ type: 'integer', default: 0 })
  sessionsCompleted: number & Opt = 0;

  /** Every cancelled session starting that day, late or not, by either side. */
  @Property({ type: 'integer', default: 0 })
  cancellations: number & Opt = 0;

  /** The part of `cancellations` the client made inside the trainer's cancellation cut-off. */
  @Property({ type: 'integer', default: 0 })
  lateCancellations: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  noShows: number & Opt = 0;

  /** Clients added that day. */
  @Property({ type: 'integer', default: 0 })
  newClients: number & Opt = 0;

  /** Ledger movements written that day: credits granted by purchases. */
  @Property({ type: 'integer', default: 0 })
  creditsSold: number & Opt = 0;

  /** Credits taken by sessions minus the ones given back (refunds), so it can be negative on a day of refunds. */
  @Property({ type: 'integer', default: 0 })
  creditsConsumed: number & Opt = 0;

  /** Credits written off by the nightly expiry. */
  @Property({ type: 'integer', default: 0 })
  creditsExpired: number & Opt = 0;

  /** When the figures last changed; a rebuild that finds the same figures leaves it alone. */
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  computedAt: Date & Opt = new Date();
}
