// Plain ESM JavaScript: Jest loads global setup/teardown outside its module system, without transforms.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where tests create their private database. Only databases named trainerhub_test_* are ever dropped. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PRIVATE_NAME = /^trainerhub_test_[0-9a-f]+$/;

export function privateDatabaseName() {
  return `trainerhub_test_${randomBytes(6).toString('hex')}`;
}

export function databaseUrl(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin(work) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name) {
  if (!PRIVATE_NAME.test(name)) throw new Error(`Refusing to create ${name}`);
  await withAdmin((client) => client.query(`create database "${name}"`));
}

export async function dropDatabase(name) {
  if (!PRIVATE_NAME.test(name)) throw new Error(`Refusing to drop ${name}`);
  await withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
}
