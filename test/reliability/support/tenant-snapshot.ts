import type pg from 'pg';
import { rawClient } from '../../helpers/database.js';
import type { Tenant } from './tenants.js';

/** Tables that hold a trainer's rows, keyed by trainer_id. A new tenant table belongs here. */
const TRAINER_TABLES = [
  'clients',
  'session_packages',
  'client_packages',
  'bookings',
  'payments',
  'credit_ledger_entries',
  'availability_slots',
  'availability_exceptions',
  'notifications',
] as const;

const SNAPSHOT_SQL = [
  ...TRAINER_TABLES.map(
    (table) => `select '${table}' as t, row_to_json(r)::text as row from ${table} r where trainer_id = $1`,
  ),
  `select 'trainers', row_to_json(r)::text from trainers r where id = $1`,
  `select 'users', row_to_json(r)::text from users r where id = $2`,
  `select 'refresh_tokens', row_to_json(r)::text from refresh_tokens r where user_id = $2`,
].join(' union all ');

/**
 * Every row a tenant owns, as sorted JSON lines: equal snapshots mean nothing of theirs changed. One query,
 * cheap enough to take around every single probe so that a change names the request that made it.
 */
export async function tenantRows(db: pg.Client, tenant: Pick<Tenant, 'trainerId' | 'userId'>): Promise<string[]> {
  const { rows } = await db.query<{ t: string; row: string }>(SNAPSHOT_SQL, [tenant.trainerId, tenant.userId]);
  return rows.map((row) => `${row.t} ${row.row}`).sort();
}

/** The lines that differ between two snapshots (removed with "-", added with "+"), for a readable failure. */
export function rowDiff(before: string[], after: string[]): string[] {
  const left = new Set(before);
  const right = new Set(after);
  return [
    ...before.filter((row) => !right.has(row)).map((row) => `- ${row}`),
    ...after.filter((row) => !left.has(row)).map((row) => `+ ${row}`),
  ];
}

/**
 * Rows that join one trainer's data to another's: a booking, purchase, payment or ledger line whose client,
 * package or booking belongs to a different trainer. Re-parenting of any kind shows up here.
 */
export async function crossTenantLinks(db: pg.Client): Promise<string[]> {
  const checks = [
    `select 'booking ' || b.id from bookings b join clients c on c.id = b.client_id where c.trainer_id <> b.trainer_id`,
    `select 'booking credit ' || b.id from bookings b join client_packages p on p.id = b.client_package_id where p.trainer_id <> b.trainer_id or p.client_id <> b.client_id`,
    `select 'purchase ' || p.id from client_packages p join clients c on c.id = p.client_id join session_packages s on s.id = p.session_package_id where c.trainer_id <> p.trainer_id or s.trainer_id <> p.trainer_id`,
    `select 'payment ' || p.id from payments p join clients c on c.id = p.client_id where c.trainer_id <> p.trainer_id`,
    `select 'payment booking ' || p.id from payments p join bookings b on b.id = p.booking_id where b.trainer_id <> p.trainer_id or b.client_id <> p.client_id`,
    `select 'payment purchase ' || p.id from payments p join client_packages cp on cp.id = p.client_package_id where cp.trainer_id <> p.trainer_id or cp.client_id <> p.client_id`,
    `select 'ledger ' || l.id from credit_ledger_entries l join client_packages cp on cp.id = l.client_package_id where cp.trainer_id <> l.trainer_id`,
    `select 'ledger booking ' || l.id from credit_ledger_entries l join bookings b on b.id = l.booking_id where b.trainer_id <> l.trainer_id`,
  ];
  const { rows } = await db.query<{ link: string }>(
    `select link from (${checks.map((check) => check.replace(/^select (.*?) from /, 'select $1 as link from ')).join(' union all ')}) links`,
  );
  return rows.map((row) => row.link);
}

export { rawClient };
