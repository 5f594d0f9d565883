import { beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, insertBookings, daysFromNow } from '../../factories/clients.factory.js';
import { createPackage } from '../../factories/packages.factory.js';
import { bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectApiRoutesHidden, type TenantPair } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';

describe('/api/v1/payments', () => {
  const t = useTestApp();
  let pair: TenantPair;
  const auth = () => bearer(pair.owner.tokens.accessToken);
  beforeAll(async () => {
    pair = await createTenantPair(t);
  });

  it('settles a "paid later" purchase once payments cover the price', async () => {
    const client = await createClient(t, pair.owner.actor);
    const pkg = await createPackage(t, pair.owner.actor, { priceMinor: 30000 });
    const sale = await t.http().post(`/api/v1/clients/${client.id}/purchases`).set(auth()).send({ packageId: pkg.id, paid: false });
    const purchaseId = sale.body.purchase.id as string;
    const half = await t.http().post('/api/v1/payments').set(auth()).send({ clientId: client.id, amountMinor: 15000, method: 'cash', purchaseId });
    expect(half.status).toBe(201);
    expect(half.body).toMatchObject({ amountMinor: 15000, method: 'cash', purchaseId, packageName: pkg.name });
    let purchases = await t.http().get(`/api/v1/clients/${client.id}/purchases`).set(auth());
    expect(purchases.body[0]).toMatchObject({ paid: false, paidMinor: 15000 });
    await t.http().post('/api/v1/payments').set(auth()).send({ clientId: client.id, amountMinor: 15000, method: 'card', purchaseId });
    purchases = await t.http().get(`/api/v1/clients/${client.id}/purchases`).set(auth());
    expect(purchases.body[0]).toMatchObject({ paid: true, paidMinor: 30000 });
  });

  it('marks a pay-per-session booking paid when covered', async () => {
    const client = await createClient(t, pair.owner.actor);
    const [bookingId] = await insertBookings(pair.owner.actor, client.id, [{ start: daysFromNow(-3), status: 'completed', priceMinor: 4500 }]);
    const res = await t.http().post('/api/v1/payments').set(auth()).send({ clientId: client.id, amountMinor: 4500, method: 'card', bookingId });
    expect(res.status).toBe(201);
    const db = await rawClient();
    try {
      expect((await db.query('select paid from bookings where id = $1', [bookingId])).rows).toEqual([{ paid: true }]);
    } finally {
      await db.end();
    }
  });

  it('lists newest first with client and date filters and a cursor', async () => {
    const client = await createClient(t, pair.owner.actor);
    for (const day of ['2026-01-05', '2026-01-06', '2026-01-07']) {
      await t.http().post('/api/v1/payments').set(auth()).send({ clientId: client.id, amountMinor: 1000, method: 'cash', paidAt: `${day}T10:00:00Z` });
    }
    const first = await t.http().get(`/api/v1/payments?clientId=${client.id}&limit=2`).set(auth());
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { paidAt: string }) => p.paidAt.slice(0, 10))).toEqual(['2026-01-07', '2026-01-06']);
    const second = await t.http().get(`/api/v1/payments?clientId=${client.id}&limit=2&cursor=${first.body.nextCursor}`).set(auth());
    expect(second.body).toMatchObject({ nextCursor: null, items: [expect.objectContaining({ paidAt: '2026-01-05T10:00:00.000Z' })] });
    const ranged = await t.http().get(`/api/v1/payments?clientId=${client.id}&from=2026-01-06T00:00:00Z&to=2026-01-07T00:00:00Z`).set(auth());
    expect(ranged.body.items).toHaveLength(1);
  });

  it('validates the body with per-field problems (400)', async () => {
    const client = await createClient(t, pair.owner.actor);
    const bad = await t.http().post('/api/v1/payments').set(auth()).send({ clientId: client.id, amountMinor: 0, method: 'cheque' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(['amountMinor', 'method']));
  });

  it('answers 404 for another trainer’s client, purchase or booking inside the body, and hides their payments', async () => {
    const client = await createClient(t, pair.owner.actor);
    const pkg = await createPackage(t, pair.owner.actor);
    const sale = await t.http().post(`/api/v1/clients/${client.id}/purchases`).set(auth()).send({ packageId: pkg.id, paid: false });
    const [bookingId] = await insertBookings(pair.owner.actor, client.id, [{ start: daysFromNow(-4), status: 'completed' }]);
    const intruderClient = await createClient(t, pair.intruder.actor);
    await expectApiRoutesHidden(t, pair, [
      { method: 'post', path: '/api/v1/payments', body: { clientId: client.id, amountMinor: 100, method: 'cash' } },
      { method: 'post', path: '/api/v1/payments', body: { clientId: intruderClient.id, amountMinor: 100, method: 'cash', purchaseId: sale.body.purchase.id } },
      { method: 'post', path: '/api/v1/payments', body: { clientId: intruderClient.id, amountMinor: 100, method: 'cash', bookingId } },
    ]);
    const list = await t.http().get(`/api/v1/payments?clientId=${client.id}`).set(bearer(pair.intruder.tokens.accessToken));
    expect(list.body.items).toEqual([]);
  });
});
