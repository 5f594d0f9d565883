import { rawClient } from '../../helpers/database.js';
import { crossTenantLinks, rowDiff, tenantRows } from './tenant-snapshot.js';
import type { Tenant } from './tenants.js';

/** The ids of one trainer's data, by the kind of object a route's id names. */
export interface TenantIds {
  client: string[];
  package: string[];
  purchase: string[];
  booking: string[];
  payment: string[];
  dayOff: string[];
}

/** A seeded tenant's ids (support/tenants.ts), grouped by kind for the fuzzers' id generators. */
export function idPoolOf(tenant: Tenant): TenantIds {
  return {
    client: [tenant.ids.client, tenant.extra.archivedClientId],
    package: [tenant.ids.package],
    purchase: [tenant.ids.purchase],
    booking: [tenant.ids.booking, tenant.extra.creditBookingId],
    payment: [tenant.ids.payment, ...(tenant.extra.salePaymentId ? [tenant.extra.salePaymentId] : [])],
    dayOff: [tenant.ids.dayOff],
  };
}

/** A tenant's rows (support/tenant-snapshot.ts), taken before a fuzz run and compared after it. */
export async function snapshotTenant(tenant: Pick<Tenant, 'trainerId' | 'userId'>): Promise<string[]> {
  const db = await rawClient();
  try {
    return await tenantRows(db, tenant);
  } finally {
    await db.end();
  }
}

/**
 * What the fuzz run did to the other tenant: every row of theirs that changed, and every row anywhere that
 * now joins one trainer's data to another's (a booking of another trainer's client, ...).
 */
export async function tenantDamage(before: string[], tenant: Pick<Tenant, 'trainerId' | 'userId'>): Promise<string[]> {
  const db = await rawClient();
  try {
    const changed = rowDiff(before, await tenantRows(db, tenant));
    const links = (await crossTenantLinks(db)).map((link) => `cross-tenant link: ${link}`);
    return [...changed, ...links].map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
  } finally {
    await db.end();
  }
}
