import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * SQL whose $1, $2… values the driver binds (arrays as PostgreSQL arrays). MikroORM's em.execute writes values
 * into the SQL text instead: for a relay pass's hundreds of ids or a batch of claims, quoting and then parsing
 * them cost more than the statement itself.
 */

/** On `em`'s open transaction, or on the pool when it has none. */
export async function rowsInTransaction<Row>(
  em: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<Row[]> {
  const { rows } = await em.getKysely().executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]));
  return rows;
}

/**
 * On the pool, outside any transaction: for a statement shared by concurrent callers (see Coalescer), which must
 * not join whichever caller's transaction happened to start the batch.
 */
export async function rowsOnPool<Row>(em: EntityManager, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
  const { rows } = await em
    .getConnection()
    .getClient()
    .executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]));
  return rows;
}
