import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type pg from 'pg';
import { DEFAULT_CURRENCY, DEFAULT_LOCALE, type Actor } from '../../../src/common/actor.js';
import { UserRole } from '../../../src/common/roles.js';
import { addDays, zonedTimeToUtc } from '../../../src/common/time/zoned-time.js';
import { RollupsService } from '../../../src/modules/analytics/rollups.service.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';

/** Zones with a DST change (both directions), one without, and one with a 45-minute offset. */
const CASES = [
  { zone: 'Europe/London', anchor: '2026-03-29' },
  { zone: 'Europe/London', anchor: '2026-10-25' },
  { zone: 'America/New_York', anchor: '2026-03-08' },
  { zone: 'America/New_York', anchor: '2026-11-01' },
  { zone: 'Australia/Sydney', anchor: '2026-04-05' },
  { zone: 'Australia/Sydney', anchor: '2026-10-04' },
  { zone: 'Asia/Kolkata', anchor: '2026-06-01' },
  { zone: 'Pacific/Chatham', anchor: '2026-04-05' },
] as const;
const WINDOW_DAYS = 5;
const ADMIN: Actor = {
  userId: 'ops',
  trainerId: null,
  role: UserRole.Admin,
  timeZone: 'UTC',
  currency: DEFAULT_CURRENCY,
  locale: DEFAULT_LOCALE,
  kind: 'user',
};

/** When a row happened, relative to the case's anchor day; resolved in the trainer's zone. */
type When =
  | { mode: 'uniform'; minutes: number }
  | { mode: 'midnight'; day: number; minutes: number }
  | { mode: 'transition'; minutes: number };

const when: fc.Arbitrary<When> = fc.oneof(
  fc.record({ mode: fc.constant('uniform' as const), minutes: fc.integer({ min: -4 * 1440, max: 4 * 1440 }) }),
  fc.record({
    mode: fc.constant('midnight' as const),
    day: fc.integer({ min: -4, max: 4 }),
    minutes: fc.integer({ min: -3, max: 3 }),
  }),
  fc.record({ mode: fc.constant('transition' as const), minutes: fc.integer({ min: 0, max: 300 }) }),
);

const STATUSES = ['pending', 'confirmed', 'completed', 'no_show', 'cancelled'] as const;
const LEDGER_KINDS = ['grant', 'consume', 'refund', 'expire', 'adjust'] as const;

const scenario = fc.record({
  case: fc.constantFrom(...CASES),
  cutoffHours: fc.integer({ min: 0, max: 48 }),
  clients: fc.array(when, { maxLength: 6 }),
  bookings: fc.array(
    fc.record({
      start: when,
      status: fc.constantFrom(...STATUSES),
      cancelledBy: fc.constantFrom('client', 'trainer', null),
      noticeMinutes: fc.integer({ min: -120, max: 72 * 60 }),
    }),
    { maxLength: 12 },
  ),
  payments: fc.array(
    fc.record({
      at: when,
      amount: fc.integer({ min: 1, max: 90_000 }),
      kind: fc.constantFrom('payment', 'payment', 'refund', 'correction'),
      negative: fc.boolean(),
    }),
    { maxLength: 12 },
  ),
  ledger: fc.array(
    fc.record({ at: when, kind: fc.constantFrom(...LEDGER_KINDS), size: fc.integer({ min: 1, max: 8 }) }),
    { maxLength: 12 },
  ),
  /** Which rows the second step deletes or changes, by index parity and offset. */
  mutation: fc.record({ seed: fc.nat(7), from: fc.nat(2 * WINDOW_DAYS), length: fc.nat(2 * WINDOW_DAYS) }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Figures {
  revenueMinor: number;
  sessionsCompleted: number;
  cancellations: number;
  lateCancellations: number;
  noShows: number;
  newClients: number;
  creditsSold: number;
  creditsConsumed: number;
  creditsExpired: number;
}

interface RawRows {
  clients: Array<{ id: string; createdAt: Date }>;
  bookings: Array<{
    id: string;
    start: Date;
    status: string;
    cancelledAt: Date | null;
    cancelledBy: string | null;
  }>;
  payments: Array<{ id: string; paidAt: Date; amount: number; kind: string; originalId: string | null }>;
  ledger: Array<{ id: string; createdAt: Date; kind: string; delta: number }>;
}

const EMPTY: Figures = {
  revenueMinor: 0,
  sessionsCompleted: 0,
  cancellations: 0,
  lateCancellations: 0,
  noShows: 0,
  newClients: 0,
  creditsSold: 0,
  creditsConsumed: 0,
  creditsExpired: 0,
};

/** The local date of an instant, straight from Intl (en-CA writes YYYY-MM-DD): the test's own bucketing. */
function localDay(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** The rollups as they should be, computed in plain TypeScript from the raw rows. All-zero days are absent. */
function expectedRollups(rows: RawRows, zone: string, cutoffHours: number): Map<string, Figures> {
  const days = new Map<string, Figures>();
  const add = (instant: Date, change: Partial<Figures>): void => {
    const day = localDay(instant, zone);
    const figures = days.get(day) ?? { ...EMPTY };
    for (const [key, value] of Object.entries(change) as Array<[keyof Figures, number]>) figures[key] += value;
    days.set(day, figures);
  };
  for (const payment of rows.payments) add(payment.paidAt, { revenueMinor: payment.amount });
  for (const booking of rows.bookings) {
    if (booking.status === 'completed') add(booking.start, { sessionsCompleted: 1 });
    if (booking.status === 'no_show') add(booking.start, { noShows: 1 });
    if (booking.status === 'cancelled') {
      const late =
        booking.cancelledBy === 'client' &&
        booking.cancelledAt !== null &&
        booking.cancelledAt.getTime() > booking.start.getTime() - cutoffHours * 3_600_000;
      add(booking.start, { cancellations: 1, lateCancellations: late ? 1 : 0 });
    }
  }
  for (const client of rows.clients) add(client.createdAt, { newClients: 1 });
  for (const entry of rows.ledger) {
    if (entry.kind === 'grant') add(entry.createdAt, { creditsSold: entry.delta });
    if (entry.kind === 'consume' || entry.kind === 'refund') add(entry.createdAt, { creditsConsumed: -entry.delta });
    if (entry.kind === 'expire') add(entry.createdAt, { creditsExpired: -entry.delta });
  }
  for (const [day, figures] of days) {
    const { lateCancellations: _late, ...counted } = figures;
    if (Object.values(counted).every((value) => value === 0)) days.delete(day);
  }
  return days;
}

async function storedRollups(db: pg.Client, trainerId: string): Promise<Map<string, Figures & { computedAt: string }>> {
  const { rows } = await db.query<Record<string, string | number>>(
    `select day::text as day, revenue_minor::int as "revenueMinor", sessions_completed as "sessionsCompleted",
            cancellations, late_cancellations as "lateCancellations", no_shows as "noShows", new_clients as "newClients",
            credits_sold as "creditsSold", credits_consumed as "creditsConsumed", credits_expired as "creditsExpired",
            computed_at::text as "computedAt"
       from revenue_rollups where trainer_id = $1 order by day`,
    [trainerId],
  );
  return new Map(
    rows.map(({ day, ...figures }) => [String(day), figures as unknown as Figures & { computedAt: string }]),
  );
}

function withoutStamp(stored: Map<string, Figures & { computedAt: string }>): Map<string, Figures> {
  return new Map([...stored].map(([day, { computedAt: _stamp, ...figures }]) => [day, figures]));
}

function inRange<T>(map: Map<string, T>, from: string, to: string, inside: boolean): Map<string, T> {
  return new Map([...map].filter(([day]) => (day >= from && day <= to) === inside));
}

/** A trainer straight in SQL (no argon2): the property makes one per run. */
async function insertTrainer(db: pg.Client, zone: string, cutoffHours: number): Promise<string> {
  const userId = randomUUID();
  const trainerId = randomUUID();
  await db.query(`insert into users (id, email, password_hash, name) values ($1, $2, 'x', 'Łukasz Ελένη 李小龍')`, [
    userId,
    `rollups-${userId}@example.test`,
  ]);
  await db.query(
    `insert into trainers (id, user_id, business_name, time_zone, cancellation_cutoff_hours) values ($1, $2, 'Siobhán O’Brien Fitness', $3, $4)`,
    [trainerId, userId, zone, cutoffHours],
  );
  return trainerId;
}

/** Inserts the scenario's rows for the trainer (plus the client and purchase they hang on) and returns them. */
async function insertScenario(db: pg.Client, trainerId: string, s: Scenario): Promise<RawRows> {
  const { zone, anchor } = s.case;
  const anchorMidnight = zonedTimeToUtc(anchor, '00:00', zone).getTime();
  const resolve = (w: When): Date => {
    if (w.mode === 'uniform') return new Date(anchorMidnight + w.minutes * 60_000);
    if (w.mode === 'transition') return new Date(anchorMidnight + w.minutes * 60_000);
    return new Date(zonedTimeToUtc(addDays(anchor, w.day), '00:00', zone).getTime() + w.minutes * 60_000);
  };
  const rows: RawRows = { clients: [], bookings: [], payments: [], ledger: [] };
  // The client everything hangs on was added long before the window, so it counts on no day compared here.
  const ownerId = randomUUID();
  await db.query(
    `insert into clients (id, trainer_id, name, created_at) values ($1, $2, 'Ελένη', '2020-01-01T12:00Z')`,
    [ownerId, trainerId],
  );
  const packageId = randomUUID();
  const purchaseId = randomUUID();
  await db.query(
    `insert into session_packages (id, trainer_id, name, session_count, price_minor, currency) values ($1, $2, '10-pack', 10, 50000, 'GBP')`,
    [packageId, trainerId],
  );
  await db.query(
    `insert into client_packages (id, trainer_id, client_id, session_package_id, price_paid_minor, currency, credits_granted, credits_remaining, purchased_at)
     values ($1, $2, $3, $4, 50000, 'GBP', 10, 0, '2020-01-01T12:00Z')`,
    [purchaseId, trainerId, ownerId, packageId],
  );
  for (const w of s.clients) {
    const client = { id: randomUUID(), createdAt: resolve(w) };
    await db.query(`insert into clients (id, trainer_id, name, created_at) values ($1, $2, '李小龍', $3)`, [
      client.id,
      trainerId,
      client.createdAt,
    ]);
    rows.clients.push(client);
  }
  let slot = 0;
  for (const b of s.bookings) {
    // Slot-holding sessions may not overlap (the exclusion constraint): they get hour slots of their own.
    const holding = b.status === 'pending' || b.status === 'confirmed';
    const start = holding ? new Date(anchorMidnight + (slot++ - 6) * 61 * 60_000) : resolve(b.start);
    const cancelled = b.status === 'cancelled';
    const booking = {
      id: randomUUID(),
      start,
      status: b.status,
      cancelledAt: cancelled ? new Date(start.getTime() - b.noticeMinutes * 60_000) : null,
      cancelledBy: cancelled ? b.cancelledBy : null,
    };
    await db.query(
      `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, currency, cancelled_at, cancelled_by)
       values ($1, $2, $3, $4, $5, $6, 'GBP', $7, $8)`,
      [
        booking.id,
        trainerId,
        ownerId,
        start,
        new Date(start.getTime() + 3_600_000),
        b.status,
        booking.cancelledAt,
        booking.cancelledBy,
      ],
    );
    rows.bookings.push(booking);
  }
  for (const p of s.payments) {
    const original = rows.payments.find((row) => row.kind === 'payment');
    // A refund or correction needs a payment to point at; before the first one it is a payment itself.
    const kind = original ? p.kind : 'payment';
    const amount = kind === 'payment' ? p.amount : kind === 'refund' || p.negative ? -p.amount : p.amount;
    const payment = { id: randomUUID(), paidAt: resolve(p.at), amount, kind, originalId: original?.id ?? null };
    if (kind === 'payment') payment.originalId = null;
    await db.query(
      `insert into payments (id, trainer_id, client_id, amount_minor, currency, method, paid_at, kind, original_payment_id)
       values ($1, $2, $3, $4, 'GBP', 'card', $5, $6, $7)`,
      [payment.id, trainerId, ownerId, amount, payment.paidAt, kind, payment.originalId],
    );
    rows.payments.push(payment);
  }
  for (const l of s.ledger) {
    const delta = l.kind === 'grant' ? l.size : l.kind === 'consume' ? -1 : l.kind === 'expire' ? -l.size : 1;
    const entry = { id: randomUUID(), createdAt: resolve(l.at), kind: l.kind, delta };
    await db.query(
      `insert into credit_ledger_entries (id, trainer_id, client_package_id, kind, delta, reason, system, created_at)
       values ($1, $2, $3, $4, $5, 'property test', true, $6)`,
      [entry.id, trainerId, purchaseId, l.kind, delta, entry.createdAt],
    );
    rows.ledger.push(entry);
  }
  return rows;
}

/** Deletes and changes some rows (by the seed), so the rebuild has to change rows and remove emptied days. */
async function mutate(db: pg.Client, rows: RawRows, seed: number): Promise<RawRows> {
  const picked = <T>(list: T[]): T[] => list.filter((_row, i) => (i + seed) % 3 === 0);
  const next: RawRows = { clients: [...rows.clients], bookings: [...rows.bookings], payments: [], ledger: [] };
  for (const client of picked(rows.clients)) {
    await db.query('delete from clients where id = $1', [client.id]);
    next.clients = next.clients.filter((row) => row.id !== client.id);
  }
  for (const booking of picked(rows.bookings)) {
    if (seed % 2 === 0) {
      await db.query('delete from bookings where id = $1', [booking.id]);
      next.bookings = next.bookings.filter((row) => row.id !== booking.id);
    } else {
      // A status change that frees the slot, so the exclusion constraint never objects.
      await db.query(
        `update bookings set status = 'cancelled', cancelled_by = 'client', cancelled_at = $2 where id = $1`,
        [booking.id, new Date(booking.start.getTime() - 3_600_000)],
      );
      next.bookings = next.bookings.map((row) =>
        row.id === booking.id
          ? {
              ...row,
              status: 'cancelled',
              cancelledBy: 'client',
              cancelledAt: new Date(row.start.getTime() - 3_600_000),
            }
          : row,
      );
    }
  }
  const doomedPayments = new Set(picked(rows.payments.filter((row) => row.kind !== 'payment')).map((row) => row.id));
  for (const id of doomedPayments) await db.query('delete from payments where id = $1', [id]);
  next.payments = rows.payments.filter((row) => !doomedPayments.has(row.id));
  const doomedLedger = new Set(picked(rows.ledger).map((row) => row.id));
  for (const id of doomedLedger) await db.query('delete from credit_ledger_entries where id = $1', [id]);
  next.ledger = rows.ledger.filter((row) => !doomedLedger.has(row.id));
  return next;
}

describe(`${RollupsService.name} rebuild`, () => {
  const t = useTestApp();
  let rollups: RollupsService;
  let db: pg.Client;
  let neighbourId: string;

  beforeAll(async () => {
    rollups = t.app.get(RollupsService, { strict: false });
    db = await rawClient();
    // Another tenant with activity on every case's days: none of it may reach the trainer under test.
    neighbourId = await insertTrainer(db, 'Europe/London', 24);
    const busy: When[] = Array.from({ length: 9 }, (_v, i) => ({ mode: 'midnight', day: i - 4, minutes: 1 }));
    for (const c of CASES) {
      await insertScenario(db, neighbourId, {
        case: c,
        cutoffHours: 24,
        clients: busy,
        bookings: busy.map((start) => ({ start, status: 'completed', cancelledBy: null, noticeMinutes: 0 })),
        payments: busy.map((at) => ({ at, amount: 1_000, kind: 'payment', negative: false })),
        ledger: busy.map((at) => ({ at, kind: 'grant', size: 3 })),
        mutation: { seed: 0, from: 0, length: 0 },
      });
    }
  });
  afterAll(async () => {
    await db.end();
  });

  it('equals a direct computation from the raw rows for any range, across zones and DST changes; a rerun changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { zone, anchor } = s.case;
        const trainerId = await insertTrainer(db, zone, s.cutoffHours);
        const windowFrom = addDays(anchor, -WINDOW_DAYS);
        const windowTo = addDays(anchor, WINDOW_DAYS);
        const before = await insertScenario(db, trainerId, s);

        await rollups.rebuild(ADMIN, { trainerId, from: windowFrom, to: windowTo });
        const expectedBefore = inRange(expectedRollups(before, zone, s.cutoffHours), windowFrom, windowTo, true);
        expect(withoutStamp(await storedRollups(db, trainerId))).toEqual(expectedBefore);

        // Change the raw rows, then rebuild only part of the window: inside it the rollups follow, outside they stay.
        const after = await mutate(db, before, s.mutation.seed);
        const from = addDays(windowFrom, s.mutation.from);
        const to = addDays(from, Math.min(s.mutation.length, 2 * WINDOW_DAYS - s.mutation.from));
        await rollups.rebuild(ADMIN, { trainerId, from, to });
        const stored = await storedRollups(db, trainerId);
        const expectedAfter = expectedRollups(after, zone, s.cutoffHours);
        expect(inRange(withoutStamp(stored), from, to, true)).toEqual(inRange(expectedAfter, from, to, true));
        expect(inRange(withoutStamp(stored), from, to, false)).toEqual(inRange(expectedBefore, from, to, false));

        // The full window again heals the days the partial rebuild left stale; after that a rerun writes nothing.
        await rollups.rebuild(ADMIN, { trainerId, from: windowFrom, to: windowTo });
        const healed = await storedRollups(db, trainerId);
        expect(withoutStamp(healed)).toEqual(inRange(expectedAfter, windowFrom, windowTo, true));
        const rerun = await rollups.rebuild(ADMIN, { trainerId, from: windowFrom, to: windowTo });
        expect(rerun).toMatchObject({ trainers: 1, daysWritten: 0, daysDeleted: 0 });
        // computed_at included: a rewrite with the same figures would still show in the stamp.
        expect(await storedRollups(db, trainerId)).toEqual(healed);
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
