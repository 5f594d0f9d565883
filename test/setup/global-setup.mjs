import { randomBytes } from 'node:crypto';
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
  process.env.TRAINERHUB_TEST_REDIS_PREFIX = `th-test-${randomBytes(4).toString('hex')}`;
}
