import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { StatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import { bootCountedApp, statementsOf } from '../../helpers/counted-app.js';
import { rawClient } from '../../helpers/database.js';
import type { TestApp } from '../../helpers/test-app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('POST /api/v1/admin/rollups/rebuild statements', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let adminToken: string;
  let trainerId: string;

  beforeAll(async () => {
    ({ t, counter } = await bootCountedApp());
    const { createAdmin, createTrainer } = await import('../../factories/accounts.factory.js');
    const { apiLogin } = await import('../../helpers/api-client.js');
    const admin = await createAdmin(t);
    adminToken = (await apiLogin(t, admin.email, admin.password)).accessToken;
    const trainer = await createTrainer(t, { name: 'Ελένη', timeZone: 'Europe/London' });
    trainerId = trainer.account.trainer?.id ?? '';
    // Activity on 30 different days: a per-day loop would show as dozens of statements.
    const db = await rawClient();
    try {
      for (let day = 1; day <= 30; day += 1) {
        await db.query(`insert into clients (id, trainer_id, name, created_at) values ($1, $2, '李小龍', $3)`, [
          randomUUID(),
          trainerId,
          new Date(Date.UTC(2025, 5, day, 12)),
        ]);
      }
    } finally {
      await db.end();
    }
  });

  afterAll(async () => {
    await t?.close();
    await counter?.close();
  });

  it('spends one rebuild statement on a trainer-range, however many days it covers', async () => {
    let body: unknown;
    const sql = await statementsOf(counter, async () => {
      const res = await t
        .http()
        .post('/api/v1/admin/rollups/rebuild')
        .set(bearer(adminToken))
        .send({ trainerId, from: '2024-01-01', to: '2026-12-31' })
        .expect(200);
      body = res.body;
    });
    expect(body).toMatchObject({ trainers: 1, daysWritten: 30 });
    const writes = sql.filter((statement) => /insert into revenue_rollups/.test(statement));
    expect(writes).toHaveLength(1);
    // The actor, the trainer check, the advisory lock and the rebuild.
    expect(sql).toHaveLength(4);
  });
});
