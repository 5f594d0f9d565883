import { rawClient } from '../../helpers/database.js';

/**
 * The money and calendar invariants, checked in SQL over the given trainers' rows. Each returns offending rows;
 * an empty list everywhere means the database still tells the truth after the races.
 */
const CHECKS: Record<string, string> = {
  'overlapping active bookings': `
    select a.id as first, b.id as second from bookings a join bookings b
      on a.trainer_id = b.trainer_id and a.id < b.id
     and tstzrange(a.start_time, a.end_time, '[)') && tstzrange(b.start_time, b.end_time, '[)')
   where a.status in ('pending', 'confirmed') and b.status in ('pending', 'confirmed') and a.trainer_id = any($1)`,
  'negative credit balance': `
    select id, credits_remaining from client_packages where credits_remaining < 0 and trainer_id = any($1)`,
  'balance differs from ledger sum': `
    select p.id, p.credits_remaining, coalesce(sum(l.delta), 0)::int as ledger
      from client_packages p left join credit_ledger_entries l on l.client_package_id = p.id
     where p.trainer_id = any($1)
     group by p.id having p.credits_remaining <> coalesce(sum(l.delta), 0)`,
  'more than one movement per booking and kind': `
    select booking_id, kind, count(*)::int as n from credit_ledger_entries
     where booking_id is not null and trainer_id = any($1)
     group by booking_id, kind having count(*) > 1`,
  'active credit booking without exactly one net credit spent': `
    select b.id, coalesce(sum(l.delta), 0)::int as net from bookings b
      left join credit_ledger_entries l on l.booking_id = b.id
     where b.client_package_id is not null and b.status in ('pending', 'confirmed') and b.trainer_id = any($1)
     group by b.id having coalesce(sum(l.delta), 0) <> -1`,
  'booking of a client of another trainer': `
    select b.id from bookings b join clients c on c.id = b.client_id where b.trainer_id <> c.trainer_id and b.trainer_id = any($1)`,
};

export async function invariantViolations(trainerIds: string[]): Promise<Record<string, unknown[]>> {
  const db = await rawClient();
  try {
    const found: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(CHECKS)) {
      const rows = (await db.query(sql, [trainerIds])).rows;
      if (rows.length > 0) found[name] = rows;
    }
    return found;
  } finally {
    await db.end();
  }
}

export const INVARIANT_COUNT = Object.keys(CHECKS).length;
