import { createHash, createSecretKey } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { SESSION_OPTIONS, WEB_POOL_MAX } from '../../src/database/orm-config.js';
import pg from 'pg';

/**
 * What every bare comparator shares: one pg pool of the app's size, the same actor lookups as the app (JWT
 * check, or the Redis web session) done the direct way, in one SQL statement each.
 */
export interface ComparatorEnv {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  jwtAccessSecret: string;
  production: boolean;
}

export interface BareActor {
  userId: string;
  email: string;
  name: string;
  role: string;
  authVersion: number;
  trainerId: string | null;
  businessName: string | null;
  timeZone: string;
  currency: string;
  cancellationCutoffHours: number;
  minimumNoticeHours: number;
  defaultSessionMinutes: number;
  reminderLeadMinutes: number[];
  makeUpCreditOnLateCancel: boolean;
  csrfToken?: string;
}

export interface ComparatorDeps {
  env: ComparatorEnv;
  pool: pg.Pool;
  redis(): Redis;
  jwtActor(authorization: string | undefined): Promise<BareActor | null>;
  sessionActor(cookieHeader: string | undefined): Promise<BareActor | null>;
  close(): Promise<void>;
}

/** A comparator file default-exports one of these: its routes on a bare Fastify instance. */
export interface Comparator {
  register(app: FastifyInstance, deps: ComparatorDeps): void | Promise<void>;
}

// Pool of the same size as the app's ORM pool (src/database/orm-config.ts), so neither side gets more connections.
const POOL_MAX = Number(process.env.BENCH_POOL_MAX ?? WEB_POOL_MAX);
const ACCESS_TOKEN_SECONDS = 15 * 60;

const ACTOR_SQL = `select u.id as user_id, u.email, u.name, u.role, u.auth_version,
       t.id as trainer_id, t.business_name, t.time_zone, t.currency, t.cancellation_cutoff_hours, t.minimum_notice_hours,
       t.default_session_minutes, t.reminder_lead_minutes, t.make_up_credit_on_late_cancel
  from users u left join trainers t on t.user_id = u.id
 where u.id = $1`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row of the ACTOR_SQL columns
function toActor(row: Record<string, any>): BareActor {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    authVersion: row.auth_version,
    trainerId: row.trainer_id,
    businessName: row.business_name,
    timeZone: row.time_zone,
    currency: row.currency,
    cancellationCutoffHours: row.cancellation_cutoff_hours,
    minimumNoticeHours: row.minimum_notice_hours,
    defaultSessionMinutes: row.default_session_minutes,
    reminderLeadMinutes: row.reminder_lead_minutes,
    makeUpCreditOnLateCancel: row.make_up_credit_on_late_cancel,
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function createDeps(env: ComparatorEnv): ComparatorDeps {
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: POOL_MAX, options: SESSION_OPTIONS });
  const accessKey = createSecretKey(Buffer.from(env.jwtAccessSecret));
  let redis: Redis | undefined;
  const redisClient = () => (redis ??= new Redis(env.redisUrl, { maxRetriesPerRequest: 1 }));
  const sessionCookie = `${env.production ? '__Host-' : ''}th_session`;

  async function loadActor(userId: string, authVersion: number): Promise<BareActor | null> {
    const { rows } = await pool.query(ACTOR_SQL, [userId]);
    const row = rows[0];
    return row && row.auth_version === authVersion ? toActor(row) : null;
  }

  return {
    env,
    pool,
    redis: redisClient,
    async close() {
      await pool.end();
      redis?.disconnect();
    },
    // The app's checks (src/modules/auth/jwt.strategy.ts): HS256, issuer, audience, bounded life, typ claims.
    // A KeyObject, as the app uses: given a string, jsonwebtoken first tries (and fails) to read a PEM key.
    async jwtActor(authorization) {
      if (!authorization?.startsWith('Bearer ')) return null;
      let verified: { header?: { typ?: unknown }; payload?: Record<string, unknown> };
      try {
        verified = jwt.verify(authorization.slice(7), accessKey, {
          algorithms: ['HS256'],
          issuer: 'trainerhub',
          audience: 'trainerhub-api',
          maxAge: ACCESS_TOKEN_SECONDS,
          complete: true,
        }) as unknown as typeof verified;
      } catch {
        return null;
      }
      const claims = verified.payload;
      if (
        verified.header?.typ !== 'JWT' ||
        !claims ||
        claims.typ !== 'access' ||
        typeof claims.sub !== 'string' ||
        typeof claims.av !== 'number'
      ) {
        return null;
      }
      return loadActor(claims.sub, claims.av);
    },
    // The app's web session (src/modules/auth/web-session.service.ts): sha256 of the cookie is the Redis key.
    async sessionActor(cookieHeader) {
      const value = readCookie(cookieHeader, sessionCookie);
      if (!value || value.length > 100) return null;
      const handle = createHash('sha256').update(value).digest('hex');
      const raw = await redisClient().get(`${env.redisPrefix}:web:sess:${handle}`);
      if (!raw) return null;
      const session = JSON.parse(raw) as { userId: string; authVersion: number; csrfToken: string };
      const actor = await loadActor(session.userId, session.authVersion);
      if (actor) actor.csrfToken = session.csrfToken;
      return actor;
    },
  };
}
