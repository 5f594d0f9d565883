import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { rawClient } from '../../helpers/database.js';

/** The double-booking guarantee, proven at SQL level with no application code in the way. */
describe('bookings_no_overlap exclusion constraint', () => {
  let db: pg.Client;
  let trainerA: string;
  let trainerB: string;
  let clientA: string;
  let clientB: string;

  async function makeTrainer(): Promise<{ trainer: string; client: string }> {
    const user = randomUUID();
    const trainer = randomUUID();
    const client = randomUUID();
    await db.query(`insert into users (id, email, password_hash, name) values ($1, $2, 'x', 'T')`, [
      user,
      `${user}@example.test`,
    ]);
    await db.query(`insert into trainers (id, user_id, business_name) values ($1, $2, 'Gym')`, [trainer, user]);
    await db.query(`insert into clients (id, trainer_id, name) values ($1, $2, 'Sam')`, [client, trainer]);
    return { trainer, client };
  }

  function insertBooking(trainer: string, client: string, start: string, end: string, status = 'pending') {
    return db.query(
      `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, currency) values ($1, $2, $3, $4, $5, $6, 'GBP')`,
      [randomUUID(), trainer, client, start, end, status],
    );
  }

  beforeAll(async () => {
    db = await rawClient();
    ({ trainer: trainerA, client: clientA } = await makeTrainer());
    ({ trainer: trainerB, client: clientB } = await makeTrainer());
    await insertBooking(trainerA, clientA, '2030-03-04T10:00:00Z', '2030-03-04T11:00:00Z', 'confirmed');
  });

  afterAll(async () => {
    await db.end();
  });

  it('rejects an overlapping pending booking for the same trainer', async () => {
    await expect(
      insertBooking(trainerA, clientA, '2030-03-04T10:30:00Z', '2030-03-04T11:30:00Z'),
    ).rejects.toMatchObject({
      code: '23P01',
      constraint: 'bookings_no_overlap',
    });
  });

  it('holds every session to the 12-hour limit the overlap reads bound start_time by', async () => {
    await expect(
      insertBooking(trainerB, clientB, '2030-05-01T06:00:00Z', '2030-05-01T18:01:00Z', 'cancelled'),
    ).rejects.toMatchObject({ code: '23514', constraint: 'bookings_length_limit' });
    await expect(
      insertBooking(trainerB, clientB, '2030-05-02T06:00:00Z', '2030-05-02T18:00:00Z', 'cancelled'),
    ).resolves.toBeDefined();
  });

  it('rejects a booking inside another one', async () => {
    await expect(
      insertBooking(trainerA, clientA, '2030-03-04T10:15:00Z', '2030-03-04T10:45:00Z', 'confirmed'),
    ).rejects.toMatchObject({
      code: '23P01',
    });
  });

  it('allows a booking that starts exactly when the previous one ends', async () => {
    await expect(
      insertBooking(trainerA, clientA, '2030-03-04T11:00:00Z', '2030-03-04T12:00:00Z'),
    ).resolves.toBeDefined();
  });

  it('allows the same slot for another trainer', async () => {
    await expect(
      insertBooking(trainerB, clientB, '2030-03-04T10:00:00Z', '2030-03-04T11:00:00Z'),
    ).resolves.toBeDefined();
  });

  it('ignores cancelled and completed bookings', async () => {
    await expect(
      insertBooking(trainerA, clientA, '2030-03-04T10:00:00Z', '2030-03-04T11:00:00Z', 'cancelled'),
    ).resolves.toBeDefined();
    await expect(
      insertBooking(trainerA, clientA, '2030-03-04T10:00:00Z', '2030-03-04T11:00:00Z', 'completed'),
    ).resolves.toBeDefined();
  });

  it('rejects an end before the start', async () => {
    await expect(
      insertBooking(trainerA, clientA, '2030-03-05T11:00:00Z', '2030-03-05T10:00:00Z'),
    ).rejects.toMatchObject({
      code: '23514',
      constraint: 'bookings_time_order',
    });
  });
});
