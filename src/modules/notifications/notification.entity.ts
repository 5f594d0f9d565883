import { type Opt, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { Client } from '../clients/client.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';

export enum NotificationChannel {
  Email = 'email',
  Log = 'log',
}

export enum NotificationStatus {
  Planned = 'planned',
  Sending = 'sending',
  Sent = 'sent',
  Failed = 'failed',
  Cancelled = 'cancelled',
  /** No SMTP_URL: the message was written to the log instead. */
  Logged = 'logged',
  /** Not sent on purpose (the client has no email address or opted out); lastError says why. */
  Skipped = 'skipped',
}

/**
 * The log of reminders and emails. The unique (booking, purpose, schedule version) row is the claim that keeps a
 * reminder from going out twice, whatever Redis or a retried job does. Client notices (low credit, credits expiring)
 * have no booking: their claim is the unique (client, purpose, event key) among the rows with a client, and the check
 * makes sure no row escapes both keys.
 */
@Entity({ tableName: 'notifications' })
@Unique({ name: 'notifications_booking_purpose_unique', properties: ['booking', 'purpose', 'scheduleVersion'] })
@Unique({
  name: 'notifications_client_notice_unique',
  properties: ['client', 'purpose', 'eventKey'],
  where: 'client_id is not null',
})
@Check({
  name: 'notifications_booking_or_notice_key',
  expression: 'booking_id is not null or (client_id is not null and event_key is not null)',
})
@Index({ name: 'notifications_trainer_created_idx', properties: ['trainer', 'createdAt'] })
@Index({ name: 'notifications_status_scheduled_idx', properties: ['status', 'scheduledFor'] })
export class Notification extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @ManyToOne({ entity: () => Booking, nullable: true, deleteRule: 'cascade' })
  booking?: Rel<Booking> | null;

  /** Set on client notices, which concern the client rather than one booking. */
  @ManyToOne({ entity: () => Client, nullable: true, deleteRule: 'cascade' })
  client?: Rel<Client> | null;

  /**
   * A client notice's event: the ledger movement that brought the balance to one credit, or the purchase whose
   * credits are about to expire. Once per event, so a balance that rises and falls to one again is a new notice.
   */
  @Property({ type: 'string', length: 100, nullable: true })
  eventKey?: string | null;

  /** What the message is for, e.g. "reminder:1440" for the 24-hour reminder. */
  @Property({ type: 'string', length: 64 })
  purpose: string;

  @Property({ type: 'integer', default: 0 })
  scheduleVersion: number & Opt = 0;

  @Enum({ items: () => NotificationChannel, nativeEnumName: 'notification_channel' })
  channel: NotificationChannel;

  @Property({ type: 'string', length: 254, nullable: true })
  recipient?: string | null;

  @Enum({ items: () => NotificationStatus, nativeEnumName: 'notification_status', default: NotificationStatus.Planned })
  status: NotificationStatus & Opt = NotificationStatus.Planned;

  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Property({ type: 'datetime' })
  scheduledFor: Date;

  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  /** The Message-ID the email went out with, to find it in the provider's logs. */
  @Property({ type: 'string', length: 255, nullable: true })
  providerMessageId?: string | null;
}
