import { randomUUID } from 'node:crypto';
import { trainerIdOf, type Actor } from '../../src/common/actor.js';
import type { Client } from '../../src/modules/clients/client.entity.js';
import { ClientsService } from '../../src/modules/clients/clients.service.js';
import type { CreateClientInput } from '../../src/modules/clients/clients.types.js';
import { rawClient } from '../helpers/database.js';
import { inContext, type TestApp } from '../helpers/test-app.js';

let counter = 0;

/** A client made through the real service, with readable defaults ("Sam Taylor 1", sam1@example.test). */
export async function createClient(t: TestApp, actor: Actor, overrides: Partial<CreateClientInput> = {}): Promise<Client> {
  counter += 1;
  const clients = await t.app.resolve(ClientsService);
  return inContext(t, () =>
    clients.create(actor, { name: `Sam Taylor ${counter}`, email: `sam${counter}@example.test`, phone: '+44 7700 900123', ...overrides }),
  );
}

export interface BookingRow {
  start: Date;
  minutes?: number;
  status?: 'pending' | 'confirmed' | 'completed' | 'no_show' | 'cancelled';
  priceMinor?: number | null;
}

/**
 * Bookings inserted with SQL: the clients module only reads them, and these tests must not depend on the
 * bookings module's rules. Returns the booking ids.
 */
export async function insertBookings(actor: Actor, clientId: string, rows: BookingRow[]): Promise<string[]> {
  const trainerId = trainerIdOf(actor);
  const db = await rawClient();
  try {
    const ids: string[] = [];
    for (const row of rows) {
      const id = randomUUID();
      const end = new Date(row.start.getTime() + (row.minutes ?? 60) * 60_000);
      await db.query(
        `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency) values ($1, $2, $3, $4, $5, $6, $7, 'GBP')`,
        [id, trainerId, clientId, row.start, end, row.status ?? 'confirmed', row.priceMinor === undefined ? 4500 : row.priceMinor],
      );
      ids.push(id);
    }
    return ids;
  } finally {
    await db.end();
  }
}

/** A day offset from now, at a whole hour, so sessions never overlap by accident. */
export function daysFromNow(days: number, hour = 9): Date {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
}
