import { loadEnv } from '../src/config/env.schema.js';
import { seedDemoData } from './lib/demo-data.js';
import { assertConnected, openOrm, pendingMigrations, redactUrl } from './lib/migrations.js';

/**
 * `npm run db:seed`: the demo trainer with six months of clients, sessions, packages and payments.
 * Idempotent: a second run finds the demo user and writes nothing. Refused in production, because the demo
 * login's password is public.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  if (env.NODE_ENV === 'production' && !process.argv.includes('--allow-production')) {
    throw new Error('refusing to create a demo login with a published password while NODE_ENV=production');
  }
  const orm = await openOrm(env.DATABASE_URL);
  try {
    await assertConnected(orm, env.DATABASE_URL);
    const pending = await pendingMigrations(orm);
    if (pending.length > 0) {
      throw new Error(`${pending.length} migration(s) are pending; run "npm run db:migrate" first`);
    }
    const result = await seedDemoData(orm.em.fork());
    if (result.created && result.counts) {
      const c = result.counts;
      console.log(
        `Seeded ${redactUrl(env.DATABASE_URL)}: ${c.clients} clients, ${c.bookings} bookings, ` +
          `${c.sessionPackages} packages, ${c.purchases} purchases, ${c.payments} payments, ${c.ledgerEntries} ledger entries.`,
      );
    } else {
      console.log('Demo data already present; nothing to do.');
    }
    console.log(`Demo login: ${result.email} / ${result.password}`);
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
