import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxTopic, type BookingChangedPayload } from './outbox.types.js';

/**
 * The write side of the outbox, used inside the caller's transaction: the row commits with the change that caused
 * it or not at all. It never talks to Redis; the worker's relay does, later, so a request never waits on Redis and
 * a Redis outage loses nothing.
 */
@Injectable()
export class OutboxService {
  /** One INSERT on the caller's transaction manager. */
  async bookingChanged(em: EntityManager, topic: OutboxTopic, payload: BookingChangedPayload): Promise<void> {
    // An unmanaged instance: its field initialisers give the id (a plain data insert would leave it null).
    await em.insert(em.create(OutboxMessage, { topic, payload: { ...payload } }, { persist: false }));
  }
}
