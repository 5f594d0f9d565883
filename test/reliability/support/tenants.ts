import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { apiLogin, bearer, type Tokens } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { inContext, type TestApp } from '../../helpers/test-app.js';
import { setCookieValue, WebAgent } from '../../helpers/web-agent.js';
import { AvailabilityService } from '../../../src/modules/availability/availability.service.js';

/** The kinds of id a route can name. Every one of them is seeded for each tenant. */
export const ID_KINDS = [
  'client',
  'package',
  'purchase',
  'booking',
  'payment',
  'dayOff',
  'webSession',
  'device',
  // Only admin routes name a trainer (rollup rebuilds): a trainer calling one gets 403 whatever the id.
  'trainer',
] as const;
export type IdKind = (typeof ID_KINDS)[number];

export interface Tenant {
  label: string;
  fixture: TrainerFixture;
  email: string;
  password: string;
  userId: string;
  trainerId: string;
  /** A random lower-case word inside every text this tenant owns (names, notes, emails, reasons). */
  marker: string;
  /** API door: a bearer token pair from a real login. */
  tokens: Tokens;
  /** Web door: a signed-in agent (cookie jar), its session cookie value and that session's CSRF token. */
  web: WebAgent;
  sessionCookie: string;
  csrf: string;
  /** One seeded id of each kind; ids.webSession is the handle of `web`'s session, ids.device the token family. */
  ids: Record<IdKind, string>;
  /** More seeded rows, for checks that need a particular state. */
  extra: {
    /** A second client, archived. */
    archivedClientId: string;
    /** A booking paid with a credit from ids.purchase. */
    creditBookingId: string;
    /** The payment recorded by selling ids.purchase. */
    salePaymentId: string | null;
  };
}

export interface TwoTenants {
  a: Tenant;
  b: Tenant;
}

let bookingSlot = 0;
let freshDayOff = 0;

/** A future instant on its own hour, so seeded and fresh bookings of one trainer never overlap. */
export function nextBookingStart(): string {
  bookingSlot += 1;
  const start = new Date();
  start.setUTCDate(start.getUTCDate() + 7 + Math.floor(bookingSlot / 10));
  start.setUTCHours(8 + (bookingSlot % 10), 0, 0, 0);
  return start.toISOString();
}

function localDate(daysAhead: number): string {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

/** A JSON API call as the tenant (bearer), failing loudly if seeding goes wrong. */
export async function apiAs(
  t: TestApp,
  tenant: Pick<Tenant, 'tokens'>,
  method: 'post' | 'put' | 'patch',
  path: string,
  body: object,
): Promise<Record<string, unknown>> {
  const res = await t
    .http()
    [method](path)
    .set(bearer(tenant.tokens.accessToken))
    .set('idempotency-key', randomUUID())
    .send(body);
  if (res.status >= 300) throw new Error(`seed ${method.toUpperCase()} ${path} answered ${res.status}: ${res.text}`);
  return res.body as Record<string, unknown>;
}

async function sql<T extends Record<string, unknown>>(text: string, values: unknown[]): Promise<T[]> {
  const db = await rawClient();
  try {
    return (await db.query(text, values)).rows as T[];
  } finally {
    await db.end();
  }
}

/** A browser session of its own for the tenant: agent, cookie, CSRF token and the session handle. */
export async function webSignIn(
  t: TestApp,
  email: string,
  password: string,
): Promise<{ web: WebAgent; cookie: string; csrf: string; handle: string }> {
  const web = new WebAgent(t);
  const login = await web.login(email, password);
  const cookie = setCookieValue(login, 'th_session');
  if (login.status !== 303 || !cookie) throw new Error(`web login failed: ${login.status}`);
  return { web, cookie, csrf: await web.csrf('/settings'), handle: createHash('sha256').update(cookie).digest('hex') };
}

/** A new API device (refresh-token family) for the tenant; returns its family id and tokens. */
export async function apiDevice(
  t: TestApp,
  tenant: Pick<Tenant, 'email' | 'password' | 'userId'>,
): Promise<{ familyId: string; tokens: Tokens }> {
  const tokens = await apiLogin(t, tenant.email, tenant.password);
  const hash = createHash('sha256').update(tokens.refreshToken).digest('hex');
  const [row] = await sql<{ family_id: string }>('select family_id from refresh_tokens where token_hash = $1', [hash]);
  if (!row) throw new Error('apiDevice: refresh token row not found');
  return { familyId: row.family_id, tokens };
}

/** One trainer with one of everything, made through the real HTTP API and the real login forms. */
export async function seedTenant(t: TestApp, label: string): Promise<Tenant> {
  const marker = `mk${randomBytes(5).toString('hex')}`;
  const fixture = await createTrainer(t, { name: `Trainer ${label} ${marker}` });
  const userId = fixture.account.user.id;
  const trainerId = fixture.account.trainer?.id ?? '';
  const session = await webSignIn(t, fixture.email, fixture.password);
  const device = await apiDevice(t, { email: fixture.email, password: fixture.password, userId });
  const tenant = { tokens: device.tokens };

  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '06:00', end: '22:00' }));
  const availability = await apiAs(t, tenant, 'put', '/api/v1/availability', {
    weekly,
    daysOff: [{ date: localDate(20), reason: `Holiday ${marker}` }],
  });
  const dayOff = (availability.daysOff as Array<{ id: string }>)[0]?.id ?? '';

  const client = await apiAs(t, tenant, 'post', '/api/v1/clients', {
    name: `Client ${marker}`,
    email: `client-${marker}@example.test`,
    notes: `Notes ${marker}`,
  });
  const archived = await apiAs(t, tenant, 'post', '/api/v1/clients', { name: `Former ${marker}` });
  await apiAs(t, tenant, 'patch', `/api/v1/clients/${String(archived.id)}`, { status: 'archived' });
  const pkg = await apiAs(t, tenant, 'post', '/api/v1/packages', {
    name: `Pack ${marker}`,
    sessionCount: 10,
    priceMinor: 50_000,
    validityDays: 365,
    description: `About ${marker}`,
  });
  const sale = await apiAs(t, tenant, 'post', `/api/v1/clients/${String(client.id)}/purchases`, {
    packageId: pkg.id,
    paymentMethod: 'card',
  });
  const booking = await apiAs(t, tenant, 'post', '/api/v1/bookings', {
    clientId: client.id,
    startTime: nextBookingStart(),
    durationMinutes: 60,
    priceMinor: 4500,
    notes: `Session ${marker}`,
  });
  const purchaseId = String((sale.purchase as { id: string }).id);
  const creditBooking = await apiAs(t, tenant, 'post', '/api/v1/bookings', {
    clientId: client.id,
    startTime: nextBookingStart(),
    durationMinutes: 60,
    clientPackageId: purchaseId,
    notes: `Credit ${marker}`,
  });
  const payment = await apiAs(t, tenant, 'post', '/api/v1/payments', {
    clientId: client.id,
    amountMinor: 4500,
    method: 'card',
    bookingId: booking.id,
    note: `Paid ${marker}`,
  });

  return {
    label,
    fixture,
    email: fixture.email,
    password: fixture.password,
    userId,
    trainerId,
    marker,
    tokens: device.tokens,
    web: session.web,
    sessionCookie: session.cookie,
    csrf: session.csrf,
    ids: {
      client: String(client.id),
      package: String(pkg.id),
      purchase: purchaseId,
      booking: String(booking.id),
      payment: String(payment.id),
      dayOff,
      webSession: session.handle,
      trainer: trainerId,
      device: device.familyId,
    },
    extra: {
      archivedClientId: String(archived.id),
      creditBookingId: String(creditBooking.id),
      salePaymentId: (sale.paymentId as string | null) ?? null,
    },
  };
}

/** Trainer A (the victim) and trainer B (the intruder), each with one of everything. */
export async function seedTwoTenants(t: TestApp): Promise<TwoTenants> {
  const a = await seedTenant(t, 'A');
  const b = await seedTenant(t, 'B');
  return { a, b };
}

/**
 * A new row of the given kind for the tenant, for checks that use something up (delete, revoke, cancel).
 * Throws for a kind it cannot make, so a new kind is added here rather than silently skipped.
 */
export async function freshId(t: TestApp, tenant: Tenant, kind: IdKind): Promise<string> {
  switch (kind) {
    case 'client':
      return String((await apiAs(t, tenant, 'post', '/api/v1/clients', { name: `Fresh ${tenant.marker}` })).id);
    case 'package':
      return String(
        (
          await apiAs(t, tenant, 'post', '/api/v1/packages', {
            name: `Fresh ${tenant.marker} ${randomBytes(2).toString('hex')}`,
            sessionCount: 5,
            priceMinor: 20_000,
          })
        ).id,
      );
    case 'purchase': {
      const sale = await apiAs(t, tenant, 'post', `/api/v1/clients/${tenant.ids.client}/purchases`, {
        packageId: tenant.ids.package,
        paymentMethod: 'cash',
      });
      return String((sale.purchase as { id: string }).id);
    }
    case 'booking':
      return String(
        (
          await apiAs(t, tenant, 'post', '/api/v1/bookings', {
            clientId: tenant.ids.client,
            startTime: nextBookingStart(),
            durationMinutes: 60,
          })
        ).id,
      );
    case 'payment':
      return String(
        (
          await apiAs(t, tenant, 'post', '/api/v1/payments', {
            clientId: tenant.ids.client,
            // Room for any sample refund or correction a control sends against it.
            amountMinor: 100_000,
            method: 'cash',
          })
        ).id,
      );
    case 'dayOff': {
      const availability = t.app.get(AvailabilityService);
      // Days 1 to 19: clear of the seeded day off (20) and of the form samples (30 on; see samples.ts).
      freshDayOff += 1;
      const day = await inContext(t, () =>
        availability.addDayOff(tenant.fixture.actor, localDate(1 + (freshDayOff % 19)), `Fresh ${tenant.marker}`),
      );
      return day.id;
    }
    case 'webSession':
      return (await webSignIn(t, tenant.email, tenant.password)).handle;
    case 'device':
      return (await apiDevice(t, tenant)).familyId;
    case 'trainer':
      return tenant.trainerId; // a trainer cannot be made per probe; admin routes refuse every trainer anyway
  }
}
