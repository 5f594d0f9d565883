import { type Opt, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from '../auth/user.entity.js';
import { Client } from '../clients/client.entity.js';
import { ClientPackage } from '../packages/client-package.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { BookingStatus, CancelledBy } from './booking-status.js';

/**
 * A session. The "no overlap" rule is the exclusion constraint bookings_no_overlap (see the migration),
 * not application code, so it holds under any concurrency.
 */
@Entity({ tableName: 'bookings' })
@Check({ name: 'bookings_time_order', expression: 'end_time > start_time' })
// Created by Migration20261126011300_booking_no_overlap; declared here so the schema diff knows it is wanted.
@Check({
  name: 'bookings_no_overlap',
  expression: `exclude using gist (trainer_id with =, tstzrange(start_time, end_time, '[)') with &&) where (status in ('pending', 'confirmed'))`,
})
@Check({ name: 'bookings_price_non_negative', expression: 'price_minor is null or price_minor >= 0' })
// The overlap reads' lower bound on start_time relies on it (see LONGEST_SESSION_MS).
@Check({ name: 'bookings_length_limit', expression: "end_time - start_time <= '12:00:00'::interval" })
@Index({ name: 'bookings_trainer_start_idx', properties: ['trainer', 'startTime', 'id'] })
@Index({ name: 'bookings_trainer_status_start_idx', properties: ['trainer', 'status', 'startTime'] })
@Index({ name: 'bookings_client_start_idx', properties: ['client', 'startTime'] })
export class Booking extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @ManyToOne({ entity: () => Client, deleteRule: 'restrict' })
  client: Rel<Client>;

  @Property({ type: 'datetime' })
  startTime: Date;

  @Property({ type: 'datetime' })
  endTime: Date;

  @Enum({ items: () => BookingStatus, nativeEnumName: 'booking_status', default: BookingStatus.Pending })
  status: BookingStatus & Opt = BookingStatus.Pending;

  /** Pay-per-session price in the trainer's currency; null when a package credit pays. */
  @Property({ type: 'integer', nullable: true })
  priceMinor?: number | null;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'boolean', default: false })
  paid: boolean & Opt = false;

  /** The purchase whose credit this session consumes, if any. */
  @ManyToOne({ entity: () => ClientPackage, nullable: true, deleteRule: 'restrict' })
  clientPackage?: Rel<ClientPackage> | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @Enum({ items: () => CancelledBy, nativeEnumName: 'cancelled_by', nullable: true })
  cancelledBy?: CancelledBy | null;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  cancelledByUser?: Rel<User> | null;

  @Property({ type: 'string', length: 500, nullable: true })
  cancellationReason?: string | null;

  /** Bumped on every reschedule so reminder jobs planned for an older time recognise themselves as stale. */
  @Property({ type: 'integer', default: 0 })
  scheduleVersion: number & Opt = 0;
}
