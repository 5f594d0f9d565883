import Fastify from 'fastify';
import { type Comparator, createDeps } from './common.js';

/**
 * One bare comparator as its own process: `node dist/bench/comparators/server.js <name>` loads
 * ./<name>.js and serves its routes on PORT (loopback). Configuration comes from the environment the bench sets.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[\w-]+$/.test(name)) throw new Error('usage: server.js <comparator name>');
  const comparator = ((await import(`./${name}.js`)) as { default: Comparator }).default;
  const required = (key: string): string => {
    const value = process.env[key];
    if (!value) throw new Error(`${key} is required`);
    return value;
  };
  const deps = createDeps({
    databaseUrl: required('DATABASE_URL'),
    redisUrl: required('REDIS_URL'),
    redisPrefix: required('REDIS_PREFIX'),
    jwtAccessSecret: required('JWT_ACCESS_SECRET'),
    production: true,
  });
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  await comparator.register(app, deps);
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const close = async () => {
    await app.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  process.once('SIGINT', () => void close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
