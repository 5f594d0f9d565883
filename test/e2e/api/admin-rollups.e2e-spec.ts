import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { localDateOf } from '../../../src/common/time/zoned-time.js';
import { createAdmin, createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';

const URL = '/api/v1/admin/rollups/rebuild';

describe('POST /api/v1/admin/rollups/rebuild', () => {
  const t = useTestApp();
  let adminToken: string;
  let trainer: TrainerFixture;
  let trainerToken: string;
  let trainerId: string;
  let today: string;

  beforeAll(async () => {
    const admin = await createAdmin(t);
    adminToken = (await apiLogin(t, admin.email, admin.password)).accessToken;
    trainer = await createTrainer(t, { name: 'Łukasz', timeZone: 'America/New_York' });
    trainerToken = (await apiLogin(t, trainer.email, trainer.password)).accessToken;
    trainerId = trainer.account.trainer?.id ?? '';
    await createClient(t, trainer.actor, { name: 'Siobhán O’Brien' });
    today = localDateOf(new Date(), 'America/New_York');
  });

  const post = (token: string, body: object) => t.http().post(URL).set(bearer(token)).send(body);

  it('answers 403 problem+json to a trainer, even for their own rollups', async () => {
    const res = await post(trainerToken, { trainerId, from: today, to: today }).expect(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('forbidden');
  });

  it('answers 401 without a token', async () => {
    await t.http().post(URL).send({ from: today, to: today }).expect(401);
  });

  it('rebuilds one trainer’s days for an admin, and a rerun writes nothing', async () => {
    const first = await post(adminToken, { trainerId, from: today, to: today }).expect(200);
    expect(first.body).toEqual({ from: today, to: today, trainers: 1, daysWritten: 1, daysDeleted: 0 });
    const db = await rawClient();
    try {
      const { rows } = await db.query('select new_clients from revenue_rollups where trainer_id = $1 and day = $2', [
        trainerId,
        today,
      ]);
      expect(rows).toEqual([{ new_clients: 1 }]);
    } finally {
      await db.end();
    }
    const again = await post(adminToken, { trainerId, from: today, to: today }).expect(200);
    expect(again.body).toMatchObject({ trainers: 1, daysWritten: 0, daysDeleted: 0 });
  });

  it('rebuilds every trainer when trainerId is left out', async () => {
    const res = await post(adminToken, { from: today, to: today }).expect(200);
    expect(res.body.trainers).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 for a trainer that does not exist', async () => {
    const res = await post(adminToken, { trainerId: randomUUID(), from: today, to: today }).expect(404);
    expect(res.body.code).toBe('trainer_not_found');
  });

  it.each([
    ['to before from', { from: '2026-03-02', to: '2026-03-01' }],
    ['more than 3 years', { from: '2023-01-01', to: '2026-01-01' }],
  ])('answers 422 problem+json for %s', async (_label, range) => {
    const res = await post(adminToken, { trainerId, ...range }).expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 422, code: 'invalid_range' });
    expect(Object.keys(res.body.errors)).toEqual(['to']);
  });

  it('accepts exactly 3 years less a day', async () => {
    await post(adminToken, { trainerId, from: '2023-01-01', to: '2025-12-31' }).expect(200);
  });

  it.each([
    ['a malformed date', { from: '2026-02-30', to: '2026-03-01' }],
    ['a malformed trainer id', { trainerId: 'nope', from: '2026-03-01', to: '2026-03-01' }],
    ['an unknown field', { from: '2026-03-01', to: '2026-03-01', everything: true }],
    ['a missing field', { from: '2026-03-01' }],
  ])('answers 400 for %s', async (_label, body) => {
    const res = await post(adminToken, body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
