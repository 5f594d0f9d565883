import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTenantPair, type TenantPair } from '../../helpers/tenancy.js';
import { bearer } from '../../helpers/api-client.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage } from '../../factories/packages.factory.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';

describe('PurchasesService sell', () => {
  const t = useTestApp();
  let pair: TenantPair;
  beforeAll(async () => {
    pair = await createTenantPair(t);
  });

  it('makes one purchase and one payment when a sale is retried with the same Idempotency-Key', async () => {
    const client = await createClient(t, pair.owner.actor);
    const pkg = await createPackage(t, pair.owner.actor, { sessionCount: 5, priceMinor: 25_000 });
    const send = () =>
      t
        .http()
        .post(`/api/v1/clients/${client.id}/purchases`)
        .set(bearer(pair.owner.tokens.accessToken))
        .set('Idempotency-Key', 'sale-retry-1')
        .send({ packageId: pkg.id, paymentMethod: 'card' });
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const db = await rawClient();
    try {
      const purchases = await db.query('select id from client_packages where client_id = $1', [client.id]);
      const payments = await db.query('select amount_minor, method from payments where client_id = $1', [client.id]);
      const grants = await db.query(
        `select delta from credit_ledger_entries l join client_packages cp on cp.id = l.client_package_id where cp.client_id = $1`,
        [client.id],
      );
      expect(purchases.rows).toHaveLength(1);
      expect(payments.rows).toEqual([{ amount_minor: 25_000, method: 'card' }]);
      expect(grants.rows).toEqual([{ delta: 5 }]);
    } finally {
      await db.end();
    }
  });
});
