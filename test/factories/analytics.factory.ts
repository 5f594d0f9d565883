import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEFAULT_CURRENCY, DEFAULT_LOCALE, type Actor } from '../../src/common/actor.js';
import { UserRole } from '../../src/common/roles.js';
import { RollupsService } from '../../src/modules/analytics/rollups.service.js';
import { rawClient } from '../helpers/database.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * Raw rows for the analytics tests, written with SQL at exact instants: the reports read history (when a client
 * was added, when a credit moved), which the services always stamp "now". Every helper takes the trainer id, so a
 * test can never write into another trainer's data by accident.
 */
export class AnalyticsSeed {
  private constructor(
    private readonly db: pg.Client,
    readonly trainerId: string,
  ) {}

  static async open(trainerId: string): Promise<AnalyticsSeed> {
    return new AnalyticsSeed(await rawClient(), trainerId);
  }

  close(): Promise<void> {
    return this.db.end();
  }

  query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<T>> {
    return this.db.query<T>(text, values);
  }

  async client(name: string, createdAt: string): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `insert into clients (id, trainer_id, name, created_at, updated_at) values ($1, $2, $3, $4, $4)`,
      [id, this.trainerId, name, createdAt],
    );
    return id;
  }

  async booking(
    clientId: string,
    start: string,
    status: 'pending' | 'confirmed' | 'completed' | 'no_show' | 'cancelled',
    cancel?: { by: 'client' | 'trainer'; at: string },
  ): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency,
                             cancelled_at, cancelled_by)
       values ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '1 hour', $5, 4500, 'GBP', $6, $7)`,
      [id, this.trainerId, clientId, start, status, cancel?.at ?? null, cancel?.by ?? null],
    );
    return id;
  }

  /** `count` completed one-hour sessions two hours apart from `start`, in one statement. */
  async manyBookings(clientId: string, start: string, count: number): Promise<void> {
    await this.db.query(
      `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency)
       select gen_random_uuid(), $1, $2, $3::timestamptz + n * interval '2 hours',
              $3::timestamptz + n * interval '2 hours' + interval '1 hour',
              (array['completed', 'completed', 'no_show', 'cancelled', 'confirmed'])[1 + n % 5]::booking_status,
              4500, 'GBP'
         from generate_series(0, $4::int - 1) as n`,
      [this.trainerId, clientId, start, count],
    );
  }

  /** A payment (positive) or, with `refundOf`, a refund of it (negative amount). */
  async payment(clientId: string, amountMinor: number, paidAt: string, refundOf?: string): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `insert into payments (id, trainer_id, client_id, amount_minor, currency, method, paid_at, kind, original_payment_id)
       values ($1, $2, $3, $4, 'GBP', 'card', $5, $6, $7)`,
      [id, this.trainerId, clientId, amountMinor, paidAt, refundOf ? 'refund' : 'payment', refundOf ?? null],
    );
    return id;
  }

  /** A purchase of `packageId` with its grant row at `at`; the balance follows the ledger rows added later. */
  async purchase(
    clientId: string,
    packageId: string,
    input: { credits: number; priceMinor: number; at: string },
  ): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `insert into client_packages (id, trainer_id, client_id, session_package_id, price_paid_minor, currency,
                                    credits_granted, credits_remaining, purchased_at, expires_at, created_at, updated_at)
       values ($1, $2, $3, $4, $5, 'GBP', $6, $6, $7, null, $7, $7)`,
      [id, this.trainerId, clientId, packageId, input.priceMinor, input.credits, input.at],
    );
    await this.ledger(id, 'grant', input.credits, input.at);
    return id;
  }

  /** A ledger movement, keeping the purchase's balance equal to the ledger's sum (as the services do). */
  async ledger(
    purchaseId: string,
    kind: 'grant' | 'consume' | 'refund' | 'expire' | 'adjust',
    delta: number,
    at: string,
    bookingId: string | null = null,
  ): Promise<void> {
    await this.db.query(
      `insert into credit_ledger_entries (id, trainer_id, client_package_id, booking_id, kind, delta, reason,
                                          created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, 'test', $7, $7)`,
      [randomUUID(), this.trainerId, purchaseId, bookingId, kind, delta, at],
    );
    if (kind !== 'grant')
      await this.db.query('update client_packages set credits_remaining = credits_remaining + $2 where id = $1', [
        purchaseId,
        delta,
      ]);
  }
}

const OPS: Actor = {
  userId: 'ops',
  trainerId: null,
  role: UserRole.Admin,
  timeZone: 'UTC',
  currency: DEFAULT_CURRENCY,
  locale: DEFAULT_LOCALE,
  kind: 'user',
};

/** Recomputes one trainer's rollups for local days `from`..`to` through the worker's own service. */
export async function rebuildRollups(t: TestApp, trainerId: string, from: string, to: string): Promise<void> {
  await t.app.get(RollupsService).rebuild(OPS, { trainerId, from, to });
}

const STUDIO_CLIENTS = [
  'Siobhán O’Brien',
  'Łukasz Wiśniewski',
  'Ελένη Παπαδοπούλου',
  '李小龍',
  'Amara Okafor',
  'Mateo García',
  'Aoife Byrne',
  'Noah Fischer',
] as const;

/**
 * A lively London studio: eight clients, about 200 days of sessions up to `today` (busier early mornings and
 * evenings, quiet weekends; mostly completed, some no-shows and cancellations), a few confirmed ones ahead,
 * pay-per-session payments for five clients and 10-session packs (with their credits used) for three. Every
 * figure is derived from a hash of the slot, so two runs draw the same pictures.
 */
export async function seedStudio(seed: AnalyticsSeed, packageId: string, today: string): Promise<string[]> {
  const clients: string[] = [];
  for (const [i, name] of STUDIO_CLIENTS.entries()) {
    const daysAgo = i === 6 ? 50 : 230 - i * 17;
    const created = new Date(Date.parse(`${today}T10:00:00Z`) - daysAgo * 86_400_000).toISOString();
    clients.push(await seed.client(name, created));
  }
  await seed.query(
    `with slots as (
       select d::date as day, h as hour, abs(hashtext(d::date::text || '-' || h)) % 100 as r
         from generate_series($3::date - 200, $3::date + 10, interval '1 day') as d,
              unnest(array[7, 8, 9, 12, 13, 17, 18, 19]) as h
     ), chosen as (
       select r, ((day::timestamp + make_interval(hours => hour)) at time zone 'Europe/London') as start
         from slots
        where r < case when extract(isodow from day) = 7 then 4 when extract(isodow from day) = 6 then 18
                       when hour in (7, 18) then 62 when hour in (8, 17, 19) then 40 else 22 end
     )
     insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency,
                           cancelled_at, cancelled_by)
     select gen_random_uuid(), $1,
            -- Noah stops coming 100 days ago (lost 40 days ago); Aoife starts 45 days ago (new).
            ($2::uuid[])[1 + case when r % 8 = 7 and start > $3::date - 100 then 4
                                  when r % 8 = 6 and start < $3::date - 45 then 5 else r % 8 end], start, start + interval '1 hour', status::booking_status,
            4500, 'GBP',
            case when status = 'cancelled' then start - case when r % 3 = 0 then interval '3 hours' else interval '3 days' end end,
            case when status = 'cancelled' then (case when r % 2 = 0 then 'client' else 'trainer' end)::cancelled_by end
       from (select r, start,
                    case when start > now() then 'confirmed' when r % 23 = 5 then 'no_show'
                         when r % 11 = 7 then 'cancelled' else 'completed' end as status
               from chosen) as s`,
    [seed.trainerId, clients, today],
  );
  await seed.query(
    `insert into payments (id, trainer_id, client_id, amount_minor, currency, method, paid_at, kind)
     select gen_random_uuid(), b.trainer_id, b.client_id, 4500 + (extract(hour from b.start_time)::int % 3) * 500,
            'GBP', 'card', b.start_time + interval '70 minutes', 'payment'
       from bookings b
      where b.trainer_id = $1 and b.status = 'completed' and b.client_id = any($2::uuid[])`,
    [seed.trainerId, clients.slice(0, 5)],
  );
  for (const [i, client] of clients.slice(5).entries()) {
    for (let round = 0; round < 4; round += 1) {
      const at = new Date(Date.parse(`${today}T09:00:00Z`) - (190 - round * 50 - i * 9) * 86_400_000).toISOString();
      const purchase = await seed.purchase(client, packageId, { credits: 10, priceMinor: 50_000, at });
      await seed.payment(client, 50_000, at);
      const used = round === 3 ? 3 + i : 8 + ((round + i) % 3);
      for (let k = 0; k < used; k += 1) {
        const when = Date.parse(at) + (k + 1) * 4 * 86_400_000;
        if (when < Date.parse(`${today}T00:00:00Z`))
          await seed.ledger(purchase, 'consume', -1, new Date(when).toISOString());
      }
    }
  }
  return clients;
}
