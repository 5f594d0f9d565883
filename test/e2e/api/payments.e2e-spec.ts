import { beforeAll, describe, expect, it } from '@jest/globals';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage } from '../../factories/packages.factory.js';
import { daysFromNow } from '../../helpers/time.js';
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
    const sale = await t
      .http()
      .post(`/api/v1/clients/${client.id}/purchases`)
      .set(auth())
      .send({ packageId: pkg.id, paid: false });
    const purchaseId = sale.body.purchase.id as string;
    const half = await t
      .http()
      .post('/api/v1/payments')
      .set(auth())
      .send({ clientId: client.id, amountMinor: 15000, method: 'cash', purchaseId });
    expect(half.status).toBe(201);
    expect(half.body).toMatchObject({ amountMinor: 15000, method: 'cash', purchaseId, packageName: pkg.name });
    let purchases = await t.http().get(`/api/v1/clients/${client.id}/purchases`).set(auth());
    expect(purchases.body[0]).toMatchObject({ paid: false, paidMinor: 15000 });
    await t
      .http()
      .post('/api/v1/payments')
      .set(auth())
      .send({ clientId: client.id, amountMinor: 15000, method: 'card', purchaseId });
    purchases = await t.http().get(`/api/v1/clients/${client.id}/purchases`).set(auth());
    expect(purchases.body[0]).toMatchObject({ paid: true, paidMinor: 30000 });
  });

  it('marks a pay-per-session booking paid when covered', async () => {
    const client = await createClient(t, pair.owner.actor);
    const [bookingId] = await insertBookings(pair.owner.actor, client.id, [
      { start: daysFromNow(-3), status: 'completed', priceMinor: 4500 },
    ]);
    const res = await t
      .http()
      .post('/api/v1/payments')
      .set(auth())
      .send({ clientId: client.id, amountMinor: 4500, method: 'card', bookingId });
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
      await t
        .http()
        .post('/api/v1/payments')
        .set(auth())
        .send({ clientId: client.id, amountMinor: 1000, method: 'cash', paidAt: `${day}T10:00:00Z` });
    }
    const first = await t.http().get(`/api/v1/payments?clientId=${client.id}&limit=2`).set(auth());
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { paidAt: string }) => p.paidAt.slice(0, 10))).toEqual([
      '2026-01-07',
      '2026-01-06',
    ]);
    const second = await t
      .http()
      .get(`/api/v1/payments?clientId=${client.id}&limit=2&cursor=${first.body.nextCursor}`)
      .set(auth());
    expect(second.body).toMatchObject({
      nextCursor: null,
      items: [expect.objectContaining({ paidAt: '2026-01-05T10:00:00.000Z' })],
    });
    const ranged = await t
      .http()
      .get(`/api/v1/payments?clientId=${client.id}&from=2026-01-06T00:00:00Z&to=2026-01-07T00:00:00Z`)
      .set(auth());
    expect(ranged.body.items).toHaveLength(1);
  });

  it('validates the body with per-field problems (400)', async () => {
    const client = await createClient(t, pair.owner.actor);
    const bad = await t
      .http()
      .post('/api/v1/payments')
      .set(auth())
      .send({ clientId: client.id, amountMinor: 0, method: 'cheque' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(['amountMinor', 'method']));
  });

  it('answers 404 for another trainer’s client, purchase or booking inside the body, and hides their payments', async () => {
    const client = await createClient(t, pair.owner.actor);
    const pkg = await createPackage(t, pair.owner.actor);
    const sale = await t
      .http()
      .post(`/api/v1/clients/${client.id}/purchases`)
      .set(auth())
      .send({ packageId: pkg.id, paid: false });
    const [bookingId] = await insertBookings(pair.owner.actor, client.id, [
      { start: daysFromNow(-4), status: 'completed' },
    ]);
    const intruderClient = await createClient(t, pair.intruder.actor);
    await expectApiRoutesHidden(t, pair, [
      { method: 'post', path: '/api/v1/payments', body: { clientId: client.id, amountMinor: 100, method: 'cash' } },
      {
        method: 'post',
        path: '/api/v1/payments',
        body: { clientId: intruderClient.id, amountMinor: 100, method: 'cash', purchaseId: sale.body.purchase.id },
      },
      {
        method: 'post',
        path: '/api/v1/payments',
        body: { clientId: intruderClient.id, amountMinor: 100, method: 'cash', bookingId },
      },
    ]);
    const list = await t
      .http()
      .get(`/api/v1/payments?clientId=${client.id}`)
      .set(bearer(pair.intruder.tokens.accessToken));
    expect(list.body.items).toEqual([]);
  });

  describe('refunds and corrections', () => {
    async function paidLaterPurchase(priceMinor = 30000) {
      const client = await createClient(t, pair.owner.actor);
      const pkg = await createPackage(t, pair.owner.actor, { priceMinor });
      const sale = await t
        .http()
        .post(`/api/v1/clients/${client.id}/purchases`)
        .set(auth())
        .send({ packageId: pkg.id, paid: false });
      return { client, pkg, purchaseId: sale.body.purchase.id as string };
    }
    const purchasesOf = async (clientId: string) =>
      (await t.http().get(`/api/v1/clients/${clientId}/purchases`).set(auth())).body[0];

    it('records a refund as its own negative row; the payment is unchanged and the purchase stays paid', async () => {
      const { client, purchaseId } = await paidLaterPurchase();
      const paid = await t
        .http()
        .post('/api/v1/payments')
        .set(auth())
        .send({ clientId: client.id, amountMinor: 30000, method: 'card', purchaseId });
      const refund = await t
        .http()
        .post(`/api/v1/payments/${paid.body.id}/refunds`)
        .set(auth())
        .send({ amountMinor: 5000, note: 'Two sessions unused.' });
      expect(refund.status).toBe(201);
      expect(refund.body).toMatchObject({
        kind: 'refund',
        originalPaymentId: paid.body.id,
        amountMinor: -5000,
        method: 'card',
        purchaseId,
        receivedMinor: null,
      });
      const list = await t.http().get(`/api/v1/payments?clientId=${client.id}`).set(auth());
      expect(list.body.items.map((p: { kind: string; amountMinor: number }) => [p.kind, p.amountMinor])).toEqual([
        ['refund', -5000],
        ['payment', 30000],
      ]);
      expect(list.body.items[1]).toMatchObject({ receivedMinor: 30000, refundedMinor: 5000 });
      expect(await purchasesOf(client.id)).toMatchObject({ paid: true });
    });

    it('refuses a refund above what is left of the payment (422 problem+json with the field)', async () => {
      const { client } = await paidLaterPurchase();
      const paid = await t
        .http()
        .post('/api/v1/payments')
        .set(auth())
        .send({ clientId: client.id, amountMinor: 10000, method: 'cash' });
      expect(
        (await t.http().post(`/api/v1/payments/${paid.body.id}/refunds`).set(auth()).send({ amountMinor: 6000 }))
          .status,
      ).toBe(201);
      const over = await t
        .http()
        .post(`/api/v1/payments/${paid.body.id}/refunds`)
        .set(auth())
        .send({ amountMinor: 4001 });
      expect(over.status).toBe(422);
      expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(over.body.errors.amountMinor[0]).toContain('£40.00');
      const refundOfRefund = await t.http().get(`/api/v1/payments?clientId=${client.id}`).set(auth());
      const refundId = refundOfRefund.body.items.find((p: { kind: string }) => p.kind === 'refund').id as string;
      expect(
        (await t.http().post(`/api/v1/payments/${refundId}/refunds`).set(auth()).send({ amountMinor: 1 })).status,
      ).toBe(404);
    });

    it('corrects a mistyped payment with a row for the difference, re-judging the purchase paid', async () => {
      const { client, purchaseId } = await paidLaterPurchase(20500);
      const paid = await t
        .http()
        .post('/api/v1/payments')
        .set(auth())
        .send({ clientId: client.id, amountMinor: 25000, method: 'transfer', purchaseId });
      expect(await purchasesOf(client.id)).toMatchObject({ paid: true });
      const down = await t
        .http()
        .post(`/api/v1/payments/${paid.body.id}/corrections`)
        .set(auth())
        .send({ amountMinor: 20000, note: 'Typed 250 instead of 200.' });
      expect(down.status).toBe(201);
      expect(down.body).toMatchObject({
        kind: 'correction',
        amountMinor: -5000,
        originalPaymentId: paid.body.id,
        note: 'Typed 250 instead of 200.',
      });
      expect(await purchasesOf(client.id)).toMatchObject({ paid: false, paidMinor: 20000 });
      const up = await t
        .http()
        .post(`/api/v1/payments/${paid.body.id}/corrections`)
        .set(auth())
        .send({ amountMinor: 20500, note: 'It was 205.' });
      expect(up.body.amountMinor).toBe(500);
      expect(await purchasesOf(client.id)).toMatchObject({ paid: true, paidMinor: 20500 });
      const same = await t
        .http()
        .post(`/api/v1/payments/${paid.body.id}/corrections`)
        .set(auth())
        .send({ amountMinor: 20500, note: 'Again.' });
      expect(same.status).toBe(422);
      expect(same.body.errors).toHaveProperty('amountMinor');
    });

    it('validates the bodies (400 with per-field problems)', async () => {
      const { client } = await paidLaterPurchase();
      const paid = await t
        .http()
        .post('/api/v1/payments')
        .set(auth())
        .send({ clientId: client.id, amountMinor: 1000, method: 'cash' });
      const refund = await t
        .http()
        .post(`/api/v1/payments/${paid.body.id}/refunds`)
        .set(auth())
        .send({ amountMinor: 0, method: 'cheque' });
      expect(refund.status).toBe(400);
      expect(Object.keys(refund.body.errors)).toEqual(expect.arrayContaining(['amountMinor', 'method']));
      const correction = await t
        .http()
        .post(`/api/v1/payments/${paid.body.id}/corrections`)
        .set(auth())
        .send({ amountMinor: 900 });
      expect(correction.status).toBe(400);
      expect(Object.keys(correction.body.errors)).toContain('note');
    });

    it('answers 404 for another trainer’s payment', async () => {
      const { client } = await paidLaterPurchase();
      const paid = await t
        .http()
        .post('/api/v1/payments')
        .set(auth())
        .send({ clientId: client.id, amountMinor: 1000, method: 'cash' });
      await expectApiRoutesHidden(t, pair, [
        { method: 'post', path: `/api/v1/payments/${paid.body.id}/refunds`, body: { amountMinor: 100 } },
        { method: 'post', path: `/api/v1/payments/${paid.body.id}/corrections`, body: { amountMinor: 100, note: 'x' } },
      ]);
      const list = await t.http().get(`/api/v1/payments?clientId=${client.id}`).set(auth());
      expect(list.body.items).toHaveLength(1);
    });
  });
});
