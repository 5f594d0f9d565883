import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/paths.js';
import { releaseClientsWhoseSocketDies } from './dead-client-release.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations-list.js';

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
    pool: { min: 0, max: 10 },
    driverOptions: {
      // pg waits for a connection for ever by default: bound it, so an unreachable PostgreSQL answers 503 quickly.
      connectionTimeoutMillis: 5_000,
      // A client whose socket dies mid-transaction would otherwise stay checked out for ever (a Kysely gap).
      onPoolCreated: releaseClientsWhoseSocketDies,
    },
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
