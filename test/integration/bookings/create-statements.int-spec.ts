import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import type { TrainerFixture } from '../../factories/accounts.factory.js';
import type { TestApp } from '../../helpers/test-app.js';

// The proxy must be in DATABASE_URL before the app's modules load: ConfigModule.forRoot validates (and keeps)
// the environment when core.module.ts is imported, so everything that reaches it is imported after this.
const originalUrl = process.env.DATABASE_URL;
const databaseUrl = new URL(originalUrl ?? '');
const counter = await startStatementCounter({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) });
process.env.DATABASE_URL = counter.rewrite(databaseUrl.toString());
const { bootTestApp, inContext } = await import('../../helpers/test-app.js');
const { createTrainer } = await import('../../factories/accounts.factory.js');
const { createClient } = await import('../../factories/clients.factory.js');
const { rawClient } = await import('../../helpers/database.js');
const { BookingsService } = await import('../../../src/modules/bookings/bookings.service.js');
const { BookingErrorCode } = await import('../../../src/modules/bookings/booking.errors.js');
const { DomainError } = await import('../../../src/common/errors/domain-error.js');
process.env.DATABASE_URL = originalUrl;
type Domain = InstanceType<typeof DomainError>;

const CONTROL = /^\s*(begin|commit|rollback|savepoint|release|set\s)/i;
const HOUR = 3_600_000;

/**
 * A booking create costs the same SQL whatever the trainer's history: the client, the hours check (one
 * statement), the insert and its outbox row; a clash costs one more read, to name the session in the way. The
 * outbox row (issue 12: reminders and the confirmation email) must commit with the booking or not at all, so the
 * two inserts share a BEGIN/COMMIT; the relay, not the request, talks to Redis. Counted on the PostgreSQL wire (the bench's counter), so nothing is assumed.
 */
describe('booking create SQL statements', () => {
  let t: TestApp;
  let service: InstanceType<typeof BookingsService>;

  beforeAll(async () => {
    t = await bootTestApp();
    service = t.app.get(BookingsService);
  });

  afterAll(async () => {
    await t?.close();
    await counter.close();
  });

  /**
   * A trainer with working hours, a day off and `count` earlier sessions: mostly completed history, plus pending
   * ones every day at 06:00 UTC from the first of `base`'s month up to its day, so the bookings before a new
   * start are many when count is large.
   */
  async function trainerWith(count: number, base: number): Promise<{ trainer: TrainerFixture; clientId: string }> {
    const trainer = await createTrainer(t, { name: 'Siobhán O’Brien' });
    const client = await createClient(t, trainer.actor, { name: 'Łukasz Ελένη 李小龍' });
    const db = await rawClient();
    try {
      await db.query(
        `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency)
         select gen_random_uuid(), $1, $2, $3::timestamptz - g * interval '3 hours',
                $3::timestamptz - g * interval '3 hours' + interval '1 hour',
                case when g % 10 = 0 then 'pending'::booking_status else 'completed'::booking_status end, 4500, 'GBP'
           from generate_series(1, $4::int) g`,
        [trainer.account.trainer?.id, client.id, new Date(base - 6 * HOUR), count],
      );
      await db.query(
        `insert into availability_slots (id, trainer_id, weekday, start_time, end_time)
         select gen_random_uuid(), $1, d, '06:00', '22:00' from generate_series(1, 7) d`,
        [trainer.account.trainer?.id],
      );
      await db.query(
        `insert into availability_exceptions (id, trainer_id, date, reason) values (gen_random_uuid(), $1, $2, 'Holiday')`,
        [trainer.account.trainer?.id, new Date(base + 7 * 24 * HOUR).toISOString().slice(0, 10)],
      );
    } finally {
      await db.end();
    }
    return { trainer, clientId: client.id };
  }

  async function statementsOf(work: () => Promise<unknown>): Promise<{ sql: string[]; control: string[] }> {
    counter.startRecording();
    await inContext(t, work).catch((error: unknown) => error);
    const recorded = counter.takeRecorded();
    return { sql: recorded.filter((sql) => !CONTROL.test(sql)), control: recorded.filter((sql) => CONTROL.test(sql)) };
  }

  async function costs(count: number, base: number) {
    const { trainer, clientId } = await trainerWith(count, base);
    const book = (at: number) => () =>
      service.create(trainer.actor, { clientId, startTime: new Date(at), durationMinutes: 60 });
    const created = await statementsOf(book(base));
    const clash = await statementsOf(book(base + 30 * 60_000));
    const error = await inContext(t, book(base + 15 * 60_000)).catch((caught: unknown) => caught);
    return { created, clash, error };
  }

  it('is four statements in one transaction, with 10 or 2,000 earlier bookings; a clash adds one read', async () => {
    const base = Date.UTC(2031, 4, 20, 10);
    const few = await costs(10, base);
    const many = await costs(2_000, base);

    expect(few.created.sql).toHaveLength(4);
    expect(few.created.sql[0]).toMatch(/from "clients"/);
    expect(few.created.sql[1]).toMatch(/from availability_slots[\s\S]*union all[\s\S]*from availability_exceptions/);
    expect(few.created.sql[2]).toMatch(/^insert into "bookings"/);
    expect(few.created.sql[3]).toMatch(/^insert into "outbox_messages"/);
    expect(few.created.control.map((sql) => sql.trim().toLowerCase())).toEqual(['begin', 'commit']);
    // Nothing reads the trainer row again (the actor carries its currency), nor pre-checks the overlap.
    expect(few.created.sql.some((sql) => /"trainers"/.test(sql))).toBe(false);

    expect(few.clash.sql).toHaveLength(4);
    expect(few.clash.sql[3]).toMatch(/from "bookings"/);
    // The clash lookup is bounded on both sides of start_time, so it reads a few index rows, not the history.
    expect(few.clash.sql[3]).toMatch(/"start_time" < '[^']+' and "b0"\."start_time" > '[^']+'/);

    expect(many.created.sql).toHaveLength(few.created.sql.length);
    expect(many.clash.sql).toHaveLength(few.clash.sql.length);
    expect(many.created.control).toEqual(few.created.control);

    for (const { error } of [few, many]) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as Domain).code).toBe(BookingErrorCode.Overlap);
      expect((error as Domain).message).toMatch(/overlaps with Łukasz Ελένη 李小龍 \d\d:\d\d–\d\d:\d\d/);
      expect((error as Domain).details.conflictingBookingId).toEqual(expect.any(String));
    }
  }, 120_000);
});
