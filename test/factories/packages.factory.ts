import type { Actor } from '../../src/common/actor.js';
import { PackagesService } from '../../src/modules/packages/packages.service.js';
import type { PackageInput, SaleResult, SellInput } from '../../src/modules/packages/packages.types.js';
import { PurchasesService } from '../../src/modules/packages/purchases.service.js';
import { rawClient } from '../helpers/database.js';
import { inContext, type TestApp } from '../helpers/test-app.js';

let counter = 0;

/** A catalogue package through the real service: "Pack 1", 10 sessions, £500, valid 90 days unless overridden. */
export async function createPackage(t: TestApp, actor: Actor, overrides: Partial<PackageInput> = {}) {
  counter += 1;
  const packages = t.app.get(PackagesService);
  return inContext(t, () =>
    packages.create(actor, {
      name: `Pack ${counter}`,
      sessionCount: 10,
      priceMinor: 50_000,
      validityDays: 90,
      ...overrides,
    }),
  );
}

export async function sellPackage(t: TestApp, actor: Actor, clientId: string, input: SellInput): Promise<SaleResult> {
  const purchases = t.app.get(PurchasesService);
  return inContext(t, () => purchases.sell(actor, clientId, input));
}

/** Balance and ledger sum of a purchase, read with SQL. */
export async function purchaseState(
  purchaseId: string,
): Promise<{ remaining: number; ledgerSum: number; rows: Record<string, number> }> {
  const db = await rawClient();
  try {
    const [pkg] = (await db.query('select credits_remaining from client_packages where id = $1', [purchaseId])).rows;
    const ledger = (
      await db.query(
        'select kind, count(*)::int as n, sum(delta)::int as total from credit_ledger_entries where client_package_id = $1 group by kind',
        [purchaseId],
      )
    ).rows;
    const rows: Record<string, number> = {};
    let ledgerSum = 0;
    for (const row of ledger) {
      rows[row.kind] = row.n;
      ledgerSum += row.total;
    }
    return { remaining: pkg?.credits_remaining ?? NaN, ledgerSum, rows };
  } finally {
    await db.end();
  }
}
