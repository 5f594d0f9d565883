import { startStatementCounter, type StatementCounter } from '../../bench/lib/pg-statement-counter.js';
import type { TestApp } from './test-app.js';

/**
 * A test app whose PostgreSQL traffic goes through the bench's wire-protocol counter, so a test can assert how
 * many statements a request sends. The app is imported only once DATABASE_URL points at the proxy: its
 * configuration reads DATABASE_URL when its modules first load, so nothing here may import test-app statically.
 */
export async function bootCountedApp(): Promise<{ t: TestApp; counter: StatementCounter }> {
  const originalUrl = process.env.DATABASE_URL;
  const database = new URL(originalUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const counter = await startStatementCounter({ host: database.hostname, port: Number(database.port || 5432) });
  process.env.DATABASE_URL = counter.rewrite(database.toString());
  try {
    const { bootTestApp } = await import('./test-app.js');
    return { t: await bootTestApp(), counter };
  } finally {
    process.env.DATABASE_URL = originalUrl;
  }
}

/** The statements a request sends, with their SQL; transaction control and SET are left out. */
export async function statementsOf(counter: StatementCounter, request: () => Promise<unknown>): Promise<string[]> {
  counter.startRecording();
  await request();
  return counter.takeRecorded().filter((sql) => !/^\s*(begin|commit|rollback|set\s)/i.test(sql));
}
