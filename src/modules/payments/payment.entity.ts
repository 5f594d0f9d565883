import { type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { Client } from '../clients/client.entity.js';
import { ClientPackage } from '../packages/client-package.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';

export enum PaymentMethod {
  Cash = 'cash',
  Card = 'card',
  Transfer = 'transfer',
  Other = 'other',
}

/** Money received. Revenue is computed from these rows, never from prices. */
@Entity({ tableName: 'payments' })
@Index({ name: 'payments_trainer_paid_at_idx', properties: ['trainer', 'paidAt', 'id'] })
@Index({ name: 'payments_client_paid_at_idx', properties: ['client', 'paidAt'] })
@Index({ name: 'payments_client_package_idx', properties: ['clientPackage'] })
@Index({ name: 'payments_booking_idx', properties: ['booking'] })
@Check({ name: 'payments_amount_positive', expression: 'amount_minor > 0' })
export class Payment extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @ManyToOne({ entity: () => Client, deleteRule: 'restrict' })
  client: Rel<Client>;

  @Property({ type: 'integer' })
  amountMinor: number;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Enum({ items: () => PaymentMethod, nativeEnumName: 'payment_method' })
  method: PaymentMethod;

  @Property({ type: 'datetime' })
  paidAt: Date;

  @ManyToOne({ entity: () => ClientPackage, nullable: true, deleteRule: 'restrict' })
  clientPackage?: Rel<ClientPackage> | null;

  @ManyToOne({ entity: () => Booking, nullable: true, deleteRule: 'restrict' })
  booking?: Rel<Booking> | null;

  @Property({ type: 'string', length: 500, nullable: true })
  note?: string | null;
}
