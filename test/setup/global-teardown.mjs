import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { dropDatabase } from './test-database.mjs';

async function deleteKeysWithPrefix(prefix) {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis is gone already: nothing of ours is left in it.
  } finally {
    redis.disconnect();
  }
}

/** Drops the run's database and its Redis keys; nothing that belongs to anyone else. */
export default async function globalTeardown() {
  const name = process.env.TRAINERHUB_TEST_DATABASE;
  if (name) await dropDatabase(name);
  const prefix = process.env.TRAINERHUB_TEST_REDIS_PREFIX;
  if (prefix) await deleteKeysWithPrefix(prefix);
  const figures = process.env.TRAINERHUB_RELIABILITY_FIGURES;
  if (figures) rmSync(figures, { force: true });
}
