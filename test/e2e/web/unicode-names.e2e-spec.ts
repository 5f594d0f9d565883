import { describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

/**
 * Names in many scripts, as phones type them (a curly apostrophe, not '). Each once broke every htmx action:
 * the toast went raw into HX-Trigger, Node refused the header (500 ERR_INVALID_CHAR) after the write had been
 * committed, and the trainer's retry made a duplicate.
 */
const NAMES = [
  'Siobhán O’Brien',
  'Łukasz Żółć',
  'Ελένη Παπαδοπούλου',
  '李小龍',
  'Дмитрий Шостакович',
  'Mia “Iron” Søndergård 💪',
];

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
const ASCII_HEADER = /^[\t\x20-\x7e]*$/;

/** Every header value (Set-Cookie included) must be printable ASCII. */
function expectAsciiHeaders(res: Response): void {
  const offending = Object.entries(res.headers)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [String(value)]).map((v) => [name, v] as const))
    .filter(([, value]) => !ASCII_HEADER.test(value));
  expect(offending).toEqual([]);
}

/** The toast htmx would show: the message inside the <hx-partial> that targets #flash, entities decoded. */
function toastOf(res: Response): string {
  const partial = /<hx-partial hx-target="#flash"[^>]*>([\s\S]*?)<\/hx-partial>/.exec(res.text);
  expect(partial).not.toBeNull();
  const message = /data-toast-message>([\s\S]*?)<\/p>/.exec(partial?.[1] ?? '');
  return decodeEntities(message?.[1] ?? '');
}

function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const db = await rawClient();
  try {
    const { rows } = await db.query<{ n: number }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await db.end();
  }
}

describe('Names in any script on every htmx action', () => {
  const t = useTestApp();

  async function signedIn(): Promise<{
    trainer: TrainerFixture;
    web: WebAgent;
    post: (path: string, fields: Record<string, string>) => Promise<Response>;
  }> {
    const trainer = await createTrainer(t);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const token = await web.csrf('/clients');
    const post = async (path: string, fields: Record<string, string>) => {
      const res = await web.agent
        .post(path)
        .set({ ...PARTIAL, 'x-csrf-token': token })
        .type('form')
        .send(fields);
      // The path in the message: a failure should say which of the 11 actions broke.
      expect(`${path} ${res.status}`).toMatch(/ 2\d\d$/);
      expectAsciiHeaders(res);
      return res;
    };
    return { trainer, web, post };
  }

  it.each(NAMES)(
    'runs all 11 actions for %p: 2xx, ASCII headers, the exact name in the toast, one row each',
    async (name) => {
      const { trainer, post } = await signedIn();
      const trainerId = trainer.actor.trainerId;
      const clientsNamed = (text: string) =>
        count('select count(*)::int as n from clients where trainer_id = $1 and name = $2', [trainerId, text]);

      // 1. Client create.
      const created = await post('/clients/create', { name });
      expect(created.status).toBe(200);
      expect(toastOf(created)).toBe(`${name} added.`);
      expect(await clientsNamed(name)).toBe(1);
      const db = await rawClient();
      const clientId = String(
        (await db.query('select id from clients where trainer_id = $1 and name = $2', [trainerId, name])).rows[0]?.id,
      );
      await db.end();

      // 2. Client edit (renamed: the name keeps its script, with a suffix).
      const renamed = `${name} Jr`;
      const edited = await post(`/clients/${clientId}/edit`, { name: renamed, origin: 'list', view: 'active' });
      expect(toastOf(edited)).toBe(`Saved changes to ${renamed}.`);
      expect(edited.text).toContain(renamed);
      expect(await clientsNamed(renamed)).toBe(1);
      expect(await clientsNamed(name)).toBe(0);

      // 3 and 4. Archive and unarchive.
      const archived = await post(`/clients/${clientId}/archive`, { origin: 'list', view: 'all' });
      expect(toastOf(archived)).toBe(`${renamed} archived.`);
      expect(
        await count("select count(*)::int as n from clients where id = $1 and status = 'archived'", [clientId]),
      ).toBe(1);
      const unarchived = await post(`/clients/${clientId}/unarchive`, { origin: 'list', view: 'all' });
      expect(toastOf(unarchived)).toBe(`${renamed} is active again.`);
      expect(
        await count("select count(*)::int as n from clients where id = $1 and status = 'active'", [clientId]),
      ).toBe(1);

      // 5. Package create, named after the client so the package's own text is non-ASCII too.
      const packageName = `${name} · 10 sessions`;
      const pkg = await post('/packages/create', {
        name: packageName,
        sessionCount: '10',
        price: '400',
        validityDays: '',
        active: 'true',
      });
      expect(pkg.status).toBe(200);
      expect(toastOf(pkg)).toBe(`${packageName} added to your packages.`);
      expect(
        await count('select count(*)::int as n from session_packages where trainer_id = $1 and name = $2', [
          trainerId,
          packageName,
        ]),
      ).toBe(1);
      const db2 = await rawClient();
      const packageId = String(
        (await db2.query('select id from session_packages where trainer_id = $1', [trainerId])).rows[0]?.id,
      );
      await db2.end();

      // 6 and 7. Deactivate and activate.
      const deactivated = await post(`/packages/${packageId}/deactivate`, {});
      expect(toastOf(deactivated)).toBe(`${packageName} deactivated. Clients keep their credits.`);
      expect(
        await count('select count(*)::int as n from session_packages where id = $1 and not active', [packageId]),
      ).toBe(1);
      const activated = await post(`/packages/${packageId}/activate`, {});
      expect(toastOf(activated)).toBe(`${packageName} can be sold again.`);
      expect(await count('select count(*)::int as n from session_packages where id = $1 and active', [packageId])).toBe(
        1,
      );

      // 8. Sell it to the client.
      const sold = await post('/packages/sell', {
        clientId,
        packageId,
        price: '',
        paymentMethod: 'cash',
        paid: 'now',
        origin: 'packages',
      });
      expect(sold.status).toBe(200);
      expect(toastOf(sold)).toContain(`Sold ${packageName} to ${renamed}: 10 credits`);
      expect(await count('select count(*)::int as n from client_packages where client_id = $1', [clientId])).toBe(1);

      // 9. Book a session.
      const booked = await post('/bookings/create', {
        clientId,
        date: '2031-06-03',
        time: '10:00',
        durationMinutes: '60',
        confirmOutsideHours: 'on',
      });
      expect(booked.status).toBe(200);
      expect(toastOf(booked)).toMatch(
        new RegExp(`^Session booked with ${renamed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} on `),
      );
      expect(await count('select count(*)::int as n from bookings where client_id = $1', [clientId])).toBe(1);
      const db3 = await rawClient();
      const bookingId = String(
        (await db3.query('select id from bookings where client_id = $1', [clientId])).rows[0]?.id,
      );
      await db3.end();

      // 10. Confirm it.
      const confirmed = await post(`/bookings/${bookingId}/confirm`, {});
      expect(toastOf(confirmed)).toMatch(/: confirmed\.$/);
      expect(toastOf(confirmed).startsWith(`${renamed}, `)).toBe(true);
      expect(
        await count("select count(*)::int as n from bookings where id = $1 and status = 'confirmed'", [bookingId]),
      ).toBe(1);

      // 11. Cancel it.
      const cancelled = await post(`/bookings/${bookingId}/cancel`, {
        cancelledBy: 'trainer',
        reason: `${name} is away`,
      });
      expect(cancelled.status).toBe(200);
      expect(toastOf(cancelled).startsWith(`Session with ${renamed} cancelled.`)).toBe(true);
      expect(
        await count("select count(*)::int as n from bookings where id = $1 and status = 'cancelled'", [bookingId]),
      ).toBe(1);

      // Nothing was written twice along the way.
      expect(await count('select count(*)::int as n from clients where trainer_id = $1', [trainerId])).toBe(1);
      expect(await count('select count(*)::int as n from session_packages where trainer_id = $1', [trainerId])).toBe(1);
      expect(await count('select count(*)::int as n from bookings where trainer_id = $1', [trainerId])).toBe(1);
    },
  );

  it.each(NAMES)(
    'carries %p through a plain post: ASCII Set-Cookie flash, shown exactly on the next page',
    async (name) => {
      const { trainer, web } = await signedIn();
      const res = await web.post('/clients/create', { name }, '/clients');
      expect(res.status).toBe(303);
      expectAsciiHeaders(res);
      const page = await web.agent.get(String(res.headers.location)).expect(200);
      expectAsciiHeaders(page);
      expect(page.text).toContain(`${name} added.`);
      expect(
        await count('select count(*)::int as n from clients where trainer_id = $1 and name = $2', [
          trainer.actor.trainerId,
          name,
        ]),
      ).toBe(1);
    },
  );

  it.each(NAMES)('keeps HX-Replace-Url ASCII when searching for %p', async (name) => {
    const { web } = await signedIn();
    const res = await web.agent.get('/clients/partial').query({ q: name }).set(PARTIAL).expect(200);
    expectAsciiHeaders(res);
    expect(decodeURIComponent(String(res.headers['hx-replace-url']).replace(/\+/g, ' '))).toBe(`/clients?q=${name}`);
  });
});
