import { type Opt, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { Client } from '../clients/client.entity.js';
import { ClientPackage } from '../packages/client-package.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';

/**
 * What a row records. History is never edited: a refund (money given back) and a correction (a recording
 * mistake put right) are rows of their own pointing at the payment they change.
 */
export enum PaymentKind {
  Payment = 'payment',
  Refund = 'refund',
  Correction = 'correction',
}

export enum PaymentMethod {
  Cash = 'cash',
  Card = 'card',
  Transfer = 'transfer',
  Other = 'other',
}

/**
 * Money received or given back, signed: refunds are negative, corrections either sign. Revenue is the sum of
 * these rows, never of prices; what a payment now counts for is its amount plus its refunds and corrections.
 */
@Entity({ tableName: 'payments' })
@Index({ name: 'payments_trainer_paid_at_idx', properties: ['trainer', 'paidAt', 'id'] })
@Index({ name: 'payments_client_paid_at_idx', properties: ['client', 'paidAt'] })
@Index({ name: 'payments_client_package_idx', properties: ['clientPackage'] })
@Index({ name: 'payments_booking_idx', properties: ['booking'] })
@Index({ name: 'payments_original_payment_idx', properties: ['originalPayment'] })
@Check({
  name: 'payments_amount_sign',
  expression:
    "(kind = 'payment' and amount_minor > 0) or (kind = 'refund' and amount_minor < 0) or (kind = 'correction' and amount_minor <> 0)",
})
@Check({ name: 'payments_original_required', expression: "(kind = 'payment') = (original_payment_id is null)" })
export class Payment extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @ManyToOne({ entity: () => Client, deleteRule: 'restrict' })
  client: Rel<Client>;

  @Enum({ items: () => PaymentKind, nativeEnumName: 'payment_kind', default: PaymentKind.Payment })
  kind: PaymentKind & Opt = PaymentKind.Payment;

  /** The payment a refund or correction changes; null for a payment. */
  @ManyToOne({ entity: () => Payment, nullable: true, deleteRule: 'restrict' })
  originalPayment?: Rel<Payment> | null;

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
