import { type Opt, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from '../auth/user.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { ClientPackage } from './client-package.entity.js';

export enum CreditMovement {
  Grant = 'grant',
  Consume = 'consume',
  Refund = 'refund',
  Expire = 'expire',
  Adjust = 'adjust',
}

/** Append-only: the only way credits move. One row per booking and movement kind makes retries harmless. */
@Entity({ tableName: 'credit_ledger_entries' })
@Unique({ name: 'credit_ledger_booking_kind_unique', properties: ['booking', 'kind'] })
@Index({ name: 'credit_ledger_package_created_idx', properties: ['clientPackage', 'createdAt'] })
@Index({ name: 'credit_ledger_trainer_created_idx', properties: ['trainer', 'createdAt'] })
@Check({ name: 'credit_ledger_delta_non_zero', expression: 'delta <> 0' })
export class CreditLedgerEntry extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @ManyToOne({ entity: () => ClientPackage, deleteRule: 'cascade' })
  clientPackage: Rel<ClientPackage>;

  @ManyToOne({ entity: () => Booking, nullable: true, deleteRule: 'set null' })
  booking?: Rel<Booking> | null;

  @Enum({ items: () => CreditMovement, nativeEnumName: 'credit_movement' })
  kind: CreditMovement;

  /** Signed change in credits: +n for grant/refund, -1 for consume, and so on. */
  @Property({ type: 'integer' })
  delta: number;

  @Property({ type: 'string', length: 500 })
  reason: string;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  createdBy?: Rel<User> | null;

  @Property({ type: 'boolean', default: false })
  system: boolean & Opt = false;
}
