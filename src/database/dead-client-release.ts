import type { Pool, PoolClient } from 'pg';

/**
 * Makes the PostgreSQL pool take back, and destroy, any checked-out client whose socket dies, whoever holds it.
 *
 * Why: MikroORM 7 runs transactions on Kysely's ControlledTransaction, which returns its connection to the pool
 * only after its `begin`, `commit` or `rollback` query succeeded (kysely 0.29, dist/kysely.js:
 * ControlledTransactionBuilder.execute() at line 717, commit() at 775, rollback() at 807: the `release()`
 * call comes after the awaited query, with no try/finally). On a dead socket those queries throw, so a write in
 * flight at a PostgreSQL cut left its client checked out for ever: the pool of 10 shrank by one per outage and
 * `orm.close()` (and so app.close() and the shutdown) waited for ever.
 *
 * pg marks a client whose socket died as not queryable and emits `error` on it (pg/lib/client.js,
 * _handleErrorEvent). At that moment this guard calls the client's `release(error)`, which makes pg-pool destroy
 * it and free its slot. The holder's own later `release()` (Kysely's, when a query outside a transaction fails)
 * then does nothing, instead of pg-pool's "Release called on client which has already been released" error,
 * which would replace the real error. A client that is released normally is left to pg-pool as usual.
 *
 * Installed through MikroORM's `driverOptions.onPoolCreated` hook (see orm-config.ts), before any client exists.
 * Errors of idle clients are pg-pool's to handle: MikroORM's PostgreSqlConnection.handlePoolErrors() listens
 * on the pool, so they never crash the process (test/integration/database/connection-leak.int-spec.ts checks both).
 */
export function releaseClientsWhoseSocketDies(pool: Pool): void {
  const connectPromised = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const connectWithCallback = pool.connect.bind(pool) as (callback: ConnectCallback) => void;
  // Kysely uses the promise form, pg-pool's own pool.query() the callback form: keep both working.
  pool.connect = ((callback?: ConnectCallback) => {
    if (!callback) return connectPromised().then(guardCheckout);
    connectWithCallback((error, client, done) => {
      if (!client) return callback(error, client, done);
      const guarded = guardCheckout(client);
      return callback(error, guarded, guarded.release);
    });
    return undefined;
  }) as Pool['connect'];
}

type ReleaseFunction = (error?: Error | boolean) => void;
type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined, done: ReleaseFunction) => void;

/** Wraps this checkout's `release` (pg-pool sets a new one per checkout) and watches the socket until it is called. */
function guardCheckout(client: PoolClient): PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const onDeath = (error?: Error) => {
    if (released) return;
    released = true;
    client.removeListener('error', onDeath);
    client.removeListener('end', onEnd);
    // An error makes pg-pool destroy the client and remove it from the pool instead of making it idle again.
    release(error ?? new Error('PostgreSQL connection ended while checked out'));
  };
  const onEnd = () => onDeath();
  client.on('error', onDeath);
  client.on('end', onEnd);
  client.release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener('error', onDeath);
    client.removeListener('end', onEnd);
    release(error);
  };
  return client;
}
