import { beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage } from '../../factories/packages.factory.js';
import { bearer } from '../../helpers/api-client.js';
import { createTenantPair, expectApiRoutesHidden, type TenantPair } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';

describe('/api/v1/packages and /api/v1/clients/{id}/purchases|credits', () => {
  const t = useTestApp();
  let pair: TenantPair;
  const auth = () => bearer(pair.owner.tokens.accessToken);
  beforeAll(async () => {
    pair = await createTenantPair(t);
  });

  it('creates, reads, lists, updates and deletes a package', async () => {
    const created = await t
      .http()
      .post('/api/v1/packages')
      .set(auth())
      .send({ name: '10 sessions', sessionCount: 10, priceMinor: 50000, validityDays: 90 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '10 sessions',
      sessionCount: 10,
      priceMinor: 50000,
      currency: 'GBP',
      validityDays: 90,
      active: true,
      unitsSold: 0,
    });
    const id = created.body.id as string;
    expect((await t.http().get(`/api/v1/packages/${id}`).set(auth())).body.name).toBe('10 sessions');
    const list = await t.http().get('/api/v1/packages').set(auth());
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);
    const patched = await t
      .http()
      .patch(`/api/v1/packages/${id}`)
      .set(auth())
      .send({ priceMinor: 55000, validityDays: null, active: false });
    expect(patched.body).toMatchObject({ priceMinor: 55000, validityDays: null, active: false });
    expect((await t.http().delete(`/api/v1/packages/${id}`).set(auth())).status).toBe(204);
    expect((await t.http().get(`/api/v1/packages/${id}`).set(auth())).status).toBe(404);
  });

  it('validates packages with problem details', async () => {
    const res = await t.http().post('/api/v1/packages').set(auth()).send({ name: '', sessionCount: 0, priceMinor: -1 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Object.keys(res.body.errors).sort()).toEqual(expect.arrayContaining(['name', 'priceMinor', 'sessionCount']));
    expect((await t.http().get('/api/v1/packages/not-a-uuid').set(auth())).status).toBe(404);
  });

  it('sells a package, shows sales figures and credits, and refuses to delete it (409 package_sold)', async () => {
    const client = await createClient(t, pair.owner.actor);
    const pkg = await createPackage(t, pair.owner.actor, { sessionCount: 4, priceMinor: 20000, validityDays: 30 });
    const sale = await t
      .http()
      .post(`/api/v1/clients/${client.id}/purchases`)
      .set(auth())
      .send({ packageId: pkg.id, priceMinor: 18000, paymentMethod: 'transfer' });
    expect(sale.status).toBe(201);
    expect(sale.body.purchase).toMatchObject({
      packageId: pkg.id,
      creditsGranted: 4,
      creditsRemaining: 4,
      pricePaidMinor: 18000,
      paid: true,
      paidMinor: 18000,
    });
    expect(sale.body.paymentId).toEqual(expect.any(String));
    expect(new Date(sale.body.purchase.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const summary = await t.http().get(`/api/v1/packages/${pkg.id}`).set(auth());
    expect(summary.body).toMatchObject({ unitsSold: 1, revenueMinor: 18000, creditsOutstanding: 4 });
    const list = await t.http().get('/api/v1/packages').set(auth());
    expect(list.body.liability).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'GBP' })]));

    const purchases = await t.http().get(`/api/v1/clients/${client.id}/purchases`).set(auth());
    expect(purchases.body).toHaveLength(1);
    const creditsRes = await t.http().get(`/api/v1/clients/${client.id}/credits`).set(auth());
    expect(creditsRes.body).toMatchObject({
      balance: 4,
      ledger: [expect.objectContaining({ kind: 'grant', delta: 4 })],
    });

    const del = await t.http().delete(`/api/v1/packages/${pkg.id}`).set(auth());
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('package_sold');
  });

  it('sells "paid later" without a payment, and refuses inactive packages and archived clients (422)', async () => {
    const client = await createClient(t, pair.owner.actor);
    const pkg = await createPackage(t, pair.owner.actor);
    const later = await t
      .http()
      .post(`/api/v1/clients/${client.id}/purchases`)
      .set(auth())
      .send({ packageId: pkg.id, paid: false });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ paymentId: null, purchase: { paid: false } });

    const inactive = await createPackage(t, pair.owner.actor, { active: false });
    const refused = await t
      .http()
      .post(`/api/v1/clients/${client.id}/purchases`)
      .set(auth())
      .send({ packageId: inactive.id });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('package_inactive');

    const archived = await createClient(t, pair.owner.actor);
    await t.http().patch(`/api/v1/clients/${archived.id}`).set(auth()).send({ status: 'archived' });
    const toArchived = await t
      .http()
      .post(`/api/v1/clients/${archived.id}/purchases`)
      .set(auth())
      .send({ packageId: pkg.id });
    expect(toArchived.status).toBe(422);
    expect(toArchived.body.code).toBe('client_archived');
  });

  it('hides every id of another trainer (404), including ids inside bodies', async () => {
    const client = await createClient(t, pair.owner.actor);
    const pkg = await createPackage(t, pair.owner.actor);
    const intruderClient = await createClient(t, pair.intruder.actor);
    await expectApiRoutesHidden(t, pair, [
      { method: 'get', path: `/api/v1/packages/${pkg.id}` },
      { method: 'patch', path: `/api/v1/packages/${pkg.id}`, body: { name: 'Mine now' } },
      { method: 'delete', path: `/api/v1/packages/${pkg.id}` },
      { method: 'get', path: `/api/v1/clients/${client.id}/purchases` },
      { method: 'post', path: `/api/v1/clients/${client.id}/purchases`, body: { packageId: pkg.id } },
      { method: 'get', path: `/api/v1/clients/${client.id}/credits` },
      { method: 'post', path: `/api/v1/clients/${intruderClient.id}/purchases`, body: { packageId: pkg.id } },
    ]);
    const list = await t.http().get('/api/v1/packages').set(bearer(pair.intruder.tokens.accessToken));
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(pkg.id);
  });
});
