import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '../../src/database/orm-config.js';
import { StartupError } from './startup-error.js';

/**
 * The app's own ORM configuration against `databaseUrl`; the caller closes it. `quiet` drops the migrator's
 * line per migration, for callers that sum them up themselves (`npm start` prints "applied 3 migration(s)").
 */
export function openOrm(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<MikroORM> {
  const config = createOrmConfig(databaseUrl);
  return MikroORM.init(options.quiet ? { ...config, migrations: { ...config.migrations, silent: true } } : config);
}

/** Throws a readable error when the database does not answer (wrong URL, server down, bad password). */
export async function assertConnected(orm: MikroORM, databaseUrl: string): Promise<void> {
  let reason: string | undefined;
  try {
    await orm.connect();
    const check = await orm.checkConnection();
    if (!check.ok) reason = check.reason;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (reason !== undefined)
    throw new StartupError(`cannot connect to PostgreSQL at ${redactUrl(databaseUrl)}: ${reason}`);
}

/** Names of the migrations not yet applied, oldest first. */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.getPending()).map((migration) => migration.name);
}

/** Applies every pending migration (all or nothing, see orm-config) and returns the names applied. */
export async function applyPendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.up()).map((migration) => migration.name);
}

/** Opens the ORM, applies pending migrations, closes. Returns the names applied, empty when up to date. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const orm = await openOrm(databaseUrl);
  try {
    await assertConnected(orm, databaseUrl);
    return await applyPendingMigrations(orm);
  } finally {
    await orm.close(true);
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
