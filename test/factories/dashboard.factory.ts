import { randomUUID } from 'node:crypto';
import { trainerIdOf, type Actor } from '../../src/common/actor.js';
import { rawClient } from '../helpers/database.js';

/**
 * Raw rows for the dashboard's read models, written with SQL at exact instants (the dashboard only reads them,
 * so it must not depend on the other modules' rules to get its history in place).
 */
export interface StudioRows {
  clients?: Array<{ key: string; name: string; createdAt: Date; archived?: boolean }>;
  purchases?: Array<{
    key: string;
    client: string;
    granted: number;
    remaining: number;
    priceMinor: number;
    expiresAt: Date | null;
  }>;
  sessions?: Array<{
    client: string;
    start: Date;
    minutes?: number;
    status: 'pending' | 'confirmed' | 'completed' | 'no_show' | 'cancelled';
    purchase?: string;
    priceMinor?: number | null;
  }>;
  payments?: Array<{ client: string; amountMinor: number; paidAt: Date }>;
  hours?: boolean;
}

/** Inserts the rows for the actor's trainer and answers the ids by key (clients and purchases). */
export async function insertStudio(actor: Actor, rows: StudioRows): Promise<Record<string, string>> {
  const trainerId = trainerIdOf(actor);
  const ids: Record<string, string> = {};
  const db = await rawClient();
  try {
    for (const client of rows.clients ?? []) {
      ids[client.key] = randomUUID();
      await db.query(
        `insert into clients (id, trainer_id, name, email, status, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)`,
        [
          ids[client.key],
          trainerId,
          client.name,
          `${client.key}-${ids[client.key]?.slice(0, 8)}@example.test`,
          client.archived ? 'archived' : 'active',
          client.createdAt,
        ],
      );
    }
    if ((rows.purchases ?? []).length > 0) {
      const packageId = randomUUID();
      await db.query(
        `insert into session_packages (id, trainer_id, name, session_count, price_minor, currency, validity_days)
         values ($1, $2, '10 sessions', 10, 50000, $3, 90)`,
        [packageId, trainerId, actor.currency],
      );
      for (const purchase of rows.purchases ?? []) {
        ids[purchase.key] = randomUUID();
        await db.query(
          `insert into client_packages (id, trainer_id, client_id, session_package_id, price_paid_minor, currency,
                  credits_granted, credits_remaining, purchased_at, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            ids[purchase.key],
            trainerId,
            ids[purchase.client],
            packageId,
            purchase.priceMinor,
            actor.currency,
            purchase.granted,
            purchase.remaining,
            new Date('2030-01-01T12:00:00Z'),
            purchase.expiresAt,
          ],
        );
      }
    }
    for (const session of rows.sessions ?? []) {
      const end = new Date(session.start.getTime() + (session.minutes ?? 60) * 60_000);
      const cancelled = session.status === 'cancelled';
      await db.query(
        `insert into bookings (id, trainer_id, client_id, client_package_id, start_time, end_time, status, price_minor,
                currency, cancelled_at, cancelled_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          randomUUID(),
          trainerId,
          ids[session.client],
          session.purchase ? ids[session.purchase] : null,
          session.start,
          end,
          session.status,
          session.purchase ? null : session.priceMinor === undefined ? 4500 : session.priceMinor,
          actor.currency,
          cancelled ? new Date(session.start.getTime() - 3 * 86_400_000) : null,
          cancelled ? 'trainer' : null,
        ],
      );
    }
    for (const payment of rows.payments ?? []) {
      await db.query(
        `insert into payments (id, trainer_id, client_id, amount_minor, currency, method, paid_at)
         values ($1, $2, $3, $4, $5, 'card', $6)`,
        [randomUUID(), trainerId, ids[payment.client], payment.amountMinor, actor.currency, payment.paidAt],
      );
    }
    if (rows.hours) {
      await db.query(
        `insert into availability_slots (id, trainer_id, weekday, start_time, end_time) values ($1, $2, 1, '09:00', '17:00')`,
        [randomUUID(), trainerId],
      );
    }
  } finally {
    await db.end();
  }
  return ids;
}

/** `count` sessions, two hours apart from `from`, for one client: for the statement budget at scale. */
export async function insertManySessions(actor: Actor, clientId: string, from: Date, count: number): Promise<void> {
  const db = await rawClient();
  try {
    await db.query(
      `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency)
       select gen_random_uuid(), $1, $2, $3::timestamptz + n * interval '2 hours',
              $3::timestamptz + n * interval '2 hours' + interval '1 hour',
              (array['completed', 'confirmed', 'pending', 'no_show'])[1 + n % 4]::booking_status, 4500, $5
         from generate_series(0, $4::int - 1) as n`,
      [trainerIdOf(actor), clientId, from, count, actor.currency],
    );
  } finally {
    await db.end();
  }
}
