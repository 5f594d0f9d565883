import { EntityManager } from '@mikro-orm/postgresql';
import { Client, ClientStatus } from '../../src/modules/clients/client.entity.js';
import type { TrainerFixture } from './accounts.factory.js';
import { inContext, type TestApp } from '../helpers/test-app.js';

/** A client row for booking tests, written straight through the ORM (the clients module has its own tests). */
export async function insertClient(t: TestApp, trainer: TrainerFixture, overrides: Partial<Pick<Client, 'name' | 'status'>> = {}): Promise<Client> {
  return inContext(t, async () => {
    const em = t.app.get(EntityManager);
    const client = em.create(Client, {
      trainer: trainer.account.trainer?.id ?? '',
      name: overrides.name ?? 'Sam Carter',
      status: overrides.status ?? ClientStatus.Active,
    });
    await em.flush();
    return client;
  });
}

/** An ISO instant some whole days from now at a fixed UTC hour, so tests never collide with "now". */
export function daysFromNow(days: number, hourUtc = 10, minute = 0): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hourUtc, minute, 0, 0);
  return date.toISOString();
}
