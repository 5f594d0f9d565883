import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, databaseUrl, privateDatabaseName } from './test-database.mjs';

/**
 * Once per `jest` run: a private, empty database and a private Redis key prefix, handed to the test workers
 * through the environment. The first test to need the schema migrates it (test/helpers/database.ts).
 */
export default async function globalSetup() {
  const name = privateDatabaseName();
  await createDatabase(name);
  process.env.TRAINERHUB_TEST_DATABASE = name;
  process.env.TRAINERHUB_TEST_DATABASE_URL = databaseUrl(name);
  // The reliability checks append their figures here; test/reliability/figures-reporter.mjs sums them.
  process.env.TRAINERHUB_RELIABILITY_FIGURES = join(tmpdir(), `${name}-figures.jsonl`);
  process.env.TRAINERHUB_TEST_REDIS_PREFIX = `th-test-${randomBytes(4).toString('hex')}`;
}
