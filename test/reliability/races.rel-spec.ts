import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { trainerIdOf } from '../../src/common/actor.js';
import { createTrainer } from '../factories/accounts.factory.js';
import { apiLogin } from '../helpers/api-client.js';
import { rawClient } from '../helpers/database.js';
import { listenTestApp, type TestApp } from '../helpers/test-app.js';
import { recordFigures } from './figures.js';
import { http, statusCounts, together, type HttpAnswer } from './support/races-http.js';
import { INVARIANT_COUNT, invariantViolations } from './support/races-invariants.js';

/**
 * Races over real loopback HTTP with real parallelism: every call of a round is in flight at once, so the
 * database's constraints and conditional updates, not luck, decide who wins. Afterwards SQL checks that the
 * invariants still hold.
 */
const WIDTH = 64;
const PAIRS = 30;

describe('Races over real HTTP', () => {
  let t: TestApp & { baseUrl: string };
  let token = '';
  let trainerId = '';
  let tried = 0;
  let serverErrors = 0;
  const day = (n: number, hour = 10) => {
    const d = new Date(Date.now() + n * 86_400_000);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour)).toISOString();
  };
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer> => {
    const answer = await http(t.baseUrl, method, path, { token, body, headers, timeoutMs: 30_000 });
    tried += 1;
    if (answer.status >= 500 || answer.status === 0) serverErrors += 1;
    return answer;
  };
  const created = async (method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const answer = await api(method, path, body);
    if (answer.status >= 300) throw new Error(`setup ${method} ${path}: ${answer.status} ${answer.text}`);
    return answer.json ?? {};
  };
  const newClient = async (label: string) =>
    String((await created('POST', '/api/v1/clients', { name: `${label} ${randomBytes(3).toString('hex')}` })).id);

  beforeAll(async () => {
    t = await listenTestApp();
    const trainer = await createTrainer(t, { name: 'Race Ruiz' });
    trainerId = trainerIdOf(trainer.actor);
    token = (await apiLogin(t, trainer.email, trainer.password)).accessToken;
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' }));
    await created('PUT', '/api/v1/availability', { weekly });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('books one slot 64 ways at once: exactly one 201, the rest 409', async () => {
    const clients = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => newClient(`Slot ${i}`)));
    const startTime = day(20);
    const answers = await together(WIDTH, (i) =>
      api('POST', '/api/v1/bookings', {
        clientId: clients[i % clients.length],
        startTime,
        durationMinutes: 60,
        priceMinor: 4000,
      }),
    );
    expect(statusCounts(answers)).toEqual({ '201': 1, '409': WIDTH - 1 });
  });

  it('spends a last credit at most once when 64 bookings race for it', async () => {
    const clientId = await newClient('Last credit');
    const pkg = await created('POST', '/api/v1/packages', {
      name: `Single ${randomBytes(3).toString('hex')}`,
      sessionCount: 1,
      priceMinor: 3000,
      validityDays: 365,
    });
    const sale = await created('POST', `/api/v1/clients/${clientId}/purchases`, {
      packageId: pkg.id,
      paymentMethod: 'cash',
    });
    const purchaseId = (sale.purchase as { id: string }).id;
    // Different times, so only the credit is contended; half name the purchase, half ask for "any credit".
    const answers = await together(WIDTH, (i) =>
      api('POST', '/api/v1/bookings', {
        clientId,
        startTime: day(25 + Math.floor(i / 12), 6 + (i % 12)),
        durationMinutes: 45,
        ...(i % 2 ? { useCredit: true } : { clientPackageId: purchaseId }),
      }),
    );
    const counts = statusCounts(answers);
    expect(counts['201']).toBe(1);
    expect(answers.every((a) => [201, 409, 422].includes(a.status))).toBe(true);
    const credits = await api('GET', `/api/v1/clients/${clientId}/credits`);
    expect(credits.json?.balance).toBe(0);
  });

  it('runs 64 identical POSTs with one Idempotency-Key once: one write, one answer (or 409 in progress)', async () => {
    const key = randomUUID();
    const name = `Idem ${randomBytes(4).toString('hex')}`;
    const answers = await together(WIDTH, () =>
      api('POST', '/api/v1/clients', { name, notes: 'same body' }, { 'idempotency-key': key }),
    );
    expect(
      answers.every((a) => a.status === 201 || (a.status === 409 && a.json?.code === 'idempotency_in_progress')),
    ).toBe(true);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.json?.id));
    expect(ids.size).toBe(1);
    const db = await rawClient();
    try {
      const rows = (
        await db.query('select count(*)::int as n from clients where trainer_id = $1 and name = $2', [trainerId, name])
      ).rows;
      expect(rows[0]?.n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('lets cancel win against confirm (or explains the real state), never a 500', async () => {
    const clientId = await newClient('Cancel confirm');
    const bookings: string[] = [];
    for (let i = 0; i < PAIRS; i += 1) {
      bookings.push(
        String(
          (
            await created('POST', '/api/v1/bookings', {
              clientId,
              startTime: day(40 + Math.floor(i / 10), 8 + (i % 10)),
              durationMinutes: 30,
              priceMinor: 2000,
            })
          ).id,
        ),
      );
    }
    const rounds = await together(PAIRS, async (i) => {
      const id = bookings[i] ?? '';
      const [confirm, cancel] = await Promise.all([
        api('POST', `/api/v1/bookings/${id}/confirm`),
        api('POST', `/api/v1/bookings/${id}/cancel`, { reason: 'race' }),
      ]);
      return {
        id,
        confirm: confirm.status,
        cancel: cancel.status,
        cancelCode: cancel.json?.code,
        cancelDetail: cancel.json?.detail,
      };
    });
    const db = await rawClient();
    try {
      const states = new Map(
        (await db.query('select id, status from bookings where id = any($1)', [bookings])).rows.map((r) => [
          r.id as string,
          r.status as string,
        ]),
      );
      const wrong = rounds.filter((r) => {
        const state = states.get(r.id);
        if (r.confirm >= 500 || r.cancel >= 500) return true;
        if (r.cancel === 200) return state !== 'cancelled';
        // Cancel is allowed from pending and confirmed, so a refused cancel is only right if the session is neither.
        return state === 'pending' || state === 'confirmed' || state === 'cancelled';
      });
      expect(wrong.map((r) => ({ ...r, state: states.get(r.id) }))).toEqual([]);
    } finally {
      await db.end();
    }
  });

  it('answers delete-client against book with 2xx, 404 or 409 only, and never both', async () => {
    const clients = await Promise.all(Array.from({ length: PAIRS }, (_, i) => newClient(`Delete ${i}`)));
    const rounds = await together(PAIRS, async (i) => {
      const clientId = clients[i] ?? '';
      const [remove, book] = await Promise.all([
        api('DELETE', `/api/v1/clients/${clientId}`),
        api('POST', '/api/v1/bookings', {
          clientId,
          startTime: day(50 + Math.floor(i / 10), 8 + (i % 10)),
          durationMinutes: 30,
          priceMinor: 2500,
        }),
      ]);
      return { clientId, remove: remove.status, book: book.status, bookCode: book.json?.code };
    });
    const allowed = (s: number) => (s >= 200 && s < 300) || s === 404 || s === 409;
    const wrong = rounds.filter((r) => !allowed(r.remove) || !allowed(r.book) || (r.remove === 204 && r.book === 201));
    expect(wrong).toEqual([]);
  });

  it('keeps every money and calendar invariant in SQL after the races', async () => {
    const violations = await invariantViolations([trainerId]);
    recordFigures('races', {
      requestsTried: tried,
      serverErrors,
      invariantViolations: Object.values(violations).reduce((n, rows) => n + rows.length, 0),
    });
    expect(INVARIANT_COUNT).toBeGreaterThanOrEqual(5);
    expect(violations).toEqual({});
    expect(serverErrors).toBe(0);
  });
});
