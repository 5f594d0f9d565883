import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/paths.js';
import { releaseClientsWhoseSocketDies } from './dead-client-release.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations-list.js';

/** Database connections each process may hold (see createOrmConfig). Bench comparators match it. */
export const WEB_POOL_MAX = 5;

/**
 * Settings for every connection the app opens (libpq `options`). JIT off: the app's statements take milliseconds,
 * but PostgreSQL's cost model rates a few report queries (CTEs over generate_series, correlated counts) far above
 * jit_above_cost and then spends ~400 ms compiling them, 40 times the query itself. Bench comparators match it.
 */
export const SESSION_OPTIONS = '-c jit=off';

/** One MikroORM configuration for the app, the worker, the CLI and the tests; only the URL differs. */
export function createOrmConfig(databaseUrl: string): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    forceUtcTimezone: true,
    // Requests fork their own EntityManager through the request context; the global one is never used for work.
    allowGlobalContext: false,
    // Per process. PostgreSQL on a 2-core machine does its best with about 2 × cores busy connections; more only
    // queue inside it and cost memory. 5 per process keeps WEB_CONCURRENCY=2 (the production default on 2
    // cores) at the 10 one process used to hold, and leaves room for the worker and the CLI. A pool this size
    // is never the bottleneck of one process: its requests spend most of their time in Node, not waiting on SQL.
    pool: { min: 0, max: WEB_POOL_MAX },
    driverOptions: {
      // pg waits for a connection for ever by default: bound it, so an unreachable PostgreSQL answers 503 quickly.
      connectionTimeoutMillis: 5_000,
      options: SESSION_OPTIONS,
      // A client whose socket dies mid-transaction would otherwise stay checked out for ever (a Kysely gap).
      onPoolCreated: releaseClientsWhoseSocketDies,
    },
    // The NOTIFY triggers on users and trainers (migration …_actor_changed_notify) are written by hand, not declared
    // on the entities: without this the schema diff (migration:check) would want to drop them.
    schemaGenerator: { ignoreTriggers: true },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: join(PROJECT_ROOT, 'migrations'),
      // Listed explicitly so compiled code, the jest VM and the CLI all see the same migrations without globbing.
      migrationsList: MIGRATIONS,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
    },
  });
}
