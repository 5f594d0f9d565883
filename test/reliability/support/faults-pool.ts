import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';

/**
 * The app's PostgreSQL pool (pg-pool under MikroORM), read for leaks: with no request in flight, every client
 * must be idle. A client still checked out after a fault is lost for good (the pool shrinks by one per
 * outage) and makes app.close() wait for ever.
 */
interface PgClient {
  release?: (error?: Error | boolean) => void;
}
interface PgPool {
  totalCount: number;
  idleCount: number;
  _clients?: PgClient[];
  _idle?: Array<{ client: PgClient }>;
}

async function poolOf(app: INestApplicationContext): Promise<PgPool> {
  const connection = app.get(MikroORM).driver.getConnection() as unknown as { getNativeClient(): Promise<PgPool> };
  return connection.getNativeClient();
}

/** Clients checked out of the pool right now; waits up to `settleMs` for stragglers to come back. */
export async function checkedOutConnections(app: INestApplicationContext, settleMs = 2_000): Promise<number> {
  const pool = await poolOf(app);
  const deadline = Date.now() + settleMs;
  while (pool.totalCount - pool.idleCount > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return pool.totalCount - pool.idleCount;
}

/**
 * Cleanup only: destroys clients that are checked out with nothing using them, so a leak the checks already
 * reported cannot keep app.close() (and so the whole Jest run) from ending.
 */
export async function destroyLeakedConnections(app: INestApplicationContext): Promise<number> {
  const pool = await poolOf(app);
  const idle = new Set((pool._idle ?? []).map((item) => item.client));
  const leaked = (pool._clients ?? []).filter((client) => !idle.has(client));
  for (const client of leaked) client.release?.(new Error('leaked during a fault test'));
  return leaked.length;
}
