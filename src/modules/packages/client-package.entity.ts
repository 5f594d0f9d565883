import { type Opt, type Rel } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Client } from '../clients/client.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { SessionPackage } from './session-package.entity.js';

/**
 * A purchase of a package by a client. creditsRemaining is a cache of the ledger sum, kept in step in the
 * same transaction; the CHECK makes a negative balance impossible even under concurrent consumption.
 */
@Entity({ tableName: 'client_packages' })
@Index({ name: 'client_packages_trainer_client_idx', properties: ['trainer', 'client', 'expiresAt'] })
@Index({ name: 'client_packages_package_idx', properties: ['sessionPackage'] })
@Check({ name: 'client_packages_remaining_non_negative', expression: 'credits_remaining >= 0' })
@Check({ name: 'client_packages_granted_non_negative', expression: 'credits_granted >= 0' })
@Check({ name: 'client_packages_price_non_negative', expression: 'price_paid_minor >= 0' })
export class ClientPackage extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @ManyToOne({ entity: () => Client, deleteRule: 'restrict' })
  client: Rel<Client>;

  @ManyToOne({ entity: () => SessionPackage, deleteRule: 'restrict' })
  sessionPackage: Rel<SessionPackage>;

  @Property({ type: 'integer' })
  pricePaidMinor: number;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'integer' })
  creditsGranted: number;

  @Property({ type: 'integer' })
  creditsRemaining: number;

  @Property({ type: 'datetime' })
  purchasedAt: Date;

  /** End of the last valid day in the trainer's zone; null when the package never expires. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  /** False for "paid later" purchases until payments cover the price. */
  @Property({ type: 'boolean', default: true })
  paid: boolean & Opt = true;
}
