import { User } from '../modules/auth/user.entity.js';
import { RefreshToken } from '../modules/auth/refresh-token.entity.js';
import { Trainer } from '../modules/trainers/trainer.entity.js';
import { Client } from '../modules/clients/client.entity.js';
import { AvailabilitySlot } from '../modules/availability/availability-slot.entity.js';
import { AvailabilityException } from '../modules/availability/availability-exception.entity.js';
import { Booking } from '../modules/bookings/booking.entity.js';
import { SessionPackage } from '../modules/packages/session-package.entity.js';
import { ClientPackage } from '../modules/packages/client-package.entity.js';
import { CreditLedgerEntry } from '../modules/packages/credit-ledger-entry.entity.js';
import { Payment } from '../modules/payments/payment.entity.js';
import { Notification } from '../modules/notifications/notification.entity.js';
import { RevenueRollup } from '../modules/analytics/revenue-rollup.entity.js';
import { IdempotencyKey } from '../modules/idempotency/idempotency-key.entity.js';
import { OutboxMessage } from '../modules/outbox/outbox-message.entity.js';

/** Every entity, listed once: the ORM config, the CLI and the tests read this array. */
export const ENTITIES = [
  User,
  RefreshToken,
  Trainer,
  Client,
  AvailabilitySlot,
  AvailabilityException,
  Booking,
  SessionPackage,
  ClientPackage,
  CreditLedgerEntry,
  Payment,
  Notification,
  RevenueRollup,
  IdempotencyKey,
  OutboxMessage,
];
