import { loadEnv } from '../src/config/env.schema.js';
import { redactUrl, runMigrations } from './lib/migrations.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL and says what it did. */
async function main(): Promise<void> {
  const { DATABASE_URL } = loadEnv();
  console.log(`Migrating ${redactUrl(DATABASE_URL)}`);
  const applied = await runMigrations(DATABASE_URL);
  if (applied.length === 0) {
    console.log('Database schema is up to date; nothing to apply.');
    return;
  }
  console.log(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}.`);
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
