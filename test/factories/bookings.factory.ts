import { randomUUID } from 'node:crypto';
import { trainerIdOf, type Actor } from '../../src/common/actor.js';
import { rawClient } from '../helpers/database.js';

export interface BookingRow {
  /** A Date or an ISO instant (daysFromNow in test/helpers/time.ts). */
  start: Date | string;
  minutes?: number;
  status?: 'pending' | 'confirmed' | 'completed' | 'no_show' | 'cancelled';
  /** Defaults to 4500; null leaves the session unpriced. */
  priceMinor?: number | null;
}

/**
 * Bookings inserted with SQL: the modules that only read them (clients, credits) must not depend on the
 * bookings module's rules. Returns the booking ids, in the order of `rows`.
 */
export async function insertBookings(actor: Actor, clientId: string, rows: BookingRow[]): Promise<string[]> {
  const trainerId = trainerIdOf(actor);
  const db = await rawClient();
  try {
    const ids: string[] = [];
    for (const row of rows) {
      const id = randomUUID();
      const start = new Date(row.start);
      const end = new Date(start.getTime() + (row.minutes ?? 60) * 60_000);
      await db.query(
        `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency) values ($1, $2, $3, $4, $5, $6, $7, 'GBP')`,
        [
          id,
          trainerId,
          clientId,
          start,
          end,
          row.status ?? 'confirmed',
          row.priceMinor === undefined ? 4500 : row.priceMinor,
        ],
      );
      ids.push(id);
    }
    return ids;
  } finally {
    await db.end();
  }
}

/**
 * `count` unpriced, confirmed one-hour sessions two hours apart, from 2030-01-01 09:00 UTC plus `dayOffset` days:
 * fixed dates, so credit tests give each case its own day.
 */
export function sessionRows(count: number, dayOffset = 30): BookingRow[] {
  const base = Date.UTC(2030, 0, 1, 9) + dayOffset * 86_400_000;
  return Array.from({ length: count }, (_, i) => ({ start: new Date(base + i * 2 * 3_600_000), priceMinor: null }));
}
