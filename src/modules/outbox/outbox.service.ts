import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxTopic, type BookingChangedPayload, type BookingTopic } from './outbox.types.js';

/**
 * The write side of the outbox, used inside the caller's transaction: the row commits with the change that caused
 * it or not at all. It never talks to Redis; the worker's relay does, later, so a request never waits on Redis and
 * a Redis outage loses nothing.
 */
@Injectable()
export class OutboxService {
  /** One INSERT on the caller's transaction manager. */
  async bookingChanged(em: EntityManager, topic: BookingTopic, payload: BookingChangedPayload): Promise<void> {
    await this.insert(em, topic, { ...payload });
  }

  /**
   * Asks for the trainer's rollups of the days these instants fall on to be recomputed (one INSERT). Payment and
   * credit writes call it in their own transaction, so a rollup job exists exactly when the change does.
   */
  async rollupsChanged(em: EntityManager, trainerId: string, instants: readonly Date[]): Promise<void> {
    const at = [...new Set(instants.filter((instant) => !Number.isNaN(instant.getTime())).map((i) => i.toISOString()))];
    if (at.length === 0) return;
    await this.insert(em, OutboxTopic.RollupsRefresh, { trainerId, at });
  }

  private async insert(em: EntityManager, topic: OutboxTopic, payload: Record<string, unknown>): Promise<void> {
    // An unmanaged instance: its field initialisers give the id (a plain data insert would leave it null).
    await em.insert(em.create(OutboxMessage, { topic, payload }, { persist: false }));
  }
}
