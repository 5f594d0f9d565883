import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { DEFAULT_LOCALE, type Actor } from '../../src/common/actor.js';
import { UserRole } from '../../src/common/roles.js';
import { navFor } from '../../src/modules/pages/app-sections.js';
import type { BareActor } from './common.js';

/**
 * For comparators whose reads are too large to restate by hand (the dashboard's and analytics' aggregates): the
 * app's own repositories run over a plain Kysely on the comparator's raw pg pool, so both sides send the same SQL
 * and the difference measured is what the framework adds around it (Nest, guards, MikroORM's context, the logger).
 */
export interface KyselyHost {
  getKysely<DB>(): Kysely<DB>;
}

export function kyselyHost(pool: pg.Pool): KyselyHost {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return { getKysely: <DB>() => db as unknown as Kysely<DB> };
}

/** The app's Actor for a bare actor lookup: what the app's services and view functions read. */
export function appActor(actor: BareActor): Actor {
  return {
    userId: actor.userId,
    trainerId: actor.trainerId,
    role: actor.role as UserRole,
    timeZone: actor.timeZone,
    currency: actor.currency,
    locale: DEFAULT_LOCALE,
    kind: 'user',
  };
}

/** What the app's auth layer puts in req.shell for a signed-in trainer: every page and fragment renders with it. */
export function shellOf(actor: BareActor): Record<string, unknown> {
  const csrfToken = actor.csrfToken ?? '';
  return {
    user: { name: actor.name, email: actor.email },
    trainer: { businessName: actor.businessName },
    nav: navFor(''),
    csrfToken,
    csrfHeaders: { 'x-csrf-token': csrfToken },
  };
}
