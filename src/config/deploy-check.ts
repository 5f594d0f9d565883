import { DEV_SECRETS, type Env } from './env.schema.js';

/**
 * The deploy check's rules: what a production environment must not look like. Pure, so every rule is unit
 * tested; the facts that need a live store (Redis's eviction policy, the database role) are gathered by
 * deploy-probes.ts. Run by `npm run check:deploy` and at boot of both processes when NODE_ENV=production.
 *
 * Each problem is one sentence an operator can act on. A refusal stops the deploy; a warning is printed only.
 * DEPLOY_TARGET=compose (set by docker-compose.yml) marks the local all-in-one stack, where the placeholder
 * secrets and the postgres superuser are expected: those two become warnings there, nothing else does.
 */
export type DeployTarget = 'server' | 'compose';

export interface DeployFacts {
  env: Pick<
    Env,
    'NODE_ENV' | 'PUBLIC_URL' | 'LOG_LEVEL' | 'SESSION_SECRET' | 'JWT_ACCESS_SECRET' | 'JWT_REFRESH_SECRET'
  >;
  target: DeployTarget;
  /** Redis CONFIG GET maxmemory-policy; undefined when it could not be read (see probeFailures). */
  redisMaxmemoryPolicy?: string;
  /** pg_roles.rolsuper of the role DATABASE_URL logs in as; undefined when it could not be read. */
  databaseRoleIsSuperuser?: boolean;
  /** Probes that could not run, one sentence each (the store is down, or CONFIG is disabled). */
  probeFailures?: string[];
}

export interface DeployReport {
  refusals: string[];
  warnings: string[];
}

const SECRET_KEYS = ['SESSION_SECRET', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const;
export const MIN_DEPLOY_SECRET_LENGTH = 32;
/** Words that mark a value copied from the repository (docker-compose.yml, README, .env examples). */
const PLACEHOLDER_MARKERS = /change[-_ ]?me|replace[-_ ]?me|placeholder|example|secret-here|changeit/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isPlaceholder(key: (typeof SECRET_KEYS)[number], value: string): boolean {
  return value === DEV_SECRETS[key] || PLACEHOLDER_MARKERS.test(value);
}

/**
 * `requireProbes`: `npm run check:deploy` refuses when it could not look at Redis or PostgreSQL; at boot those
 * are warnings, since the app must start (and answer 503) while a store is down.
 */
export function checkDeploy(facts: DeployFacts, options: { requireProbes?: boolean } = {}): DeployReport {
  const refusals: string[] = [];
  const warnings: string[] = [];
  const compose = facts.target === 'compose';
  const { env } = facts;

  for (const key of SECRET_KEYS) {
    const value = env[key];
    if (value.length < MIN_DEPLOY_SECRET_LENGTH) {
      refusals.push(
        `${key} is only ${value.length} characters long; use at least ${MIN_DEPLOY_SECRET_LENGTH} random characters (for example "openssl rand -base64 48").`,
      );
    } else if (isPlaceholder(key, value)) {
      const sentence = `${key} is a default or placeholder value from the repository; set a random secret of your own.`;
      (compose ? warnings : refusals).push(sentence);
    }
  }
  if (env.JWT_ACCESS_SECRET === env.JWT_REFRESH_SECRET) {
    refusals.push(
      'JWT_ACCESS_SECRET and JWT_REFRESH_SECRET are the same; a refresh token would then pass as an access token.',
    );
  }

  // Cookies are marked Secure exactly when NODE_ENV=production (src/modules/auth/web-cookies.ts).
  if (env.NODE_ENV !== 'production') {
    refusals.push(
      `NODE_ENV is "${env.NODE_ENV}", so session cookies would be sent without Secure; set NODE_ENV=production.`,
    );
  }
  const publicUrl = new URL(env.PUBLIC_URL);
  // Browsers keep Secure cookies over plain http only for loopback hosts, so a local stack on localhost is fine.
  if (publicUrl.protocol !== 'https:' && !LOOPBACK_HOSTS.has(publicUrl.hostname)) {
    refusals.push(
      `PUBLIC_URL is ${publicUrl.origin}, not https; Secure session cookies need HTTPS, so serve TrainerHub over TLS and set PUBLIC_URL to its https:// address.`,
    );
  }

  if (env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace') {
    refusals.push(`LOG_LEVEL is "${env.LOG_LEVEL}", which logs request details in production; use info (or warn).`);
  }

  if (facts.redisMaxmemoryPolicy !== undefined && facts.redisMaxmemoryPolicy !== 'noeviction') {
    refusals.push(
      `Redis maxmemory-policy is "${facts.redisMaxmemoryPolicy}"; set it to noeviction, or Redis may silently drop queued jobs and sessions when memory runs short.`,
    );
  }

  if (facts.databaseRoleIsSuperuser === true) {
    const sentence =
      'The database role in DATABASE_URL is a PostgreSQL superuser; connect as a role that owns only the TrainerHub schema.';
    (compose ? warnings : refusals).push(
      compose ? `${sentence} (Allowed with DEPLOY_TARGET=compose, the local stack.)` : sentence,
    );
  }

  (options.requireProbes ? refusals : warnings).push(...(facts.probeFailures ?? []));
  return { refusals, warnings };
}
