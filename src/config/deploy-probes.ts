import { MikroORM } from '@mikro-orm/postgresql';
import { createRedis, whenReady } from '../common/redis/redis-connection.js';
import { createOrmConfig } from '../database/orm-config.js';
import { checkDeploy, type DeployFacts, type DeployReport } from './deploy-check.js';
import type { Env } from './env.schema.js';

/** The live half of the deploy check: asks Redis and PostgreSQL what deploy-check.ts needs to know. */

const PROBE_WAIT_MS = 3_000;

function reason(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}

function hostOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? '6379' : '5432')}`;
}

async function redisPolicy(env: Env): Promise<{ policy?: string; failure?: string }> {
  const redis = createRedis(env.REDIS_URL, { retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    if (!(await whenReady(redis, PROBE_WAIT_MS)))
      return { failure: `Redis at ${hostOf(env.REDIS_URL)} did not answer, so its maxmemory-policy is unchecked.` };
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
    const policy = reply[1];
    return policy ? { policy } : { failure: 'Redis did not report its maxmemory-policy; make sure it is noeviction.' };
  } catch (error) {
    // Managed Redis services often disable CONFIG; the operator must then check the setting in their console.
    return {
      failure: `Redis refused CONFIG GET maxmemory-policy (${reason(error)}); make sure the policy is noeviction.`,
    };
  } finally {
    redis.disconnect();
  }
}

async function databaseSuperuser(env: Env): Promise<{ superuser?: boolean; failure?: string }> {
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init({ ...createOrmConfig(env.DATABASE_URL), logger: () => undefined });
    const rows = await orm.em
      .getConnection()
      .execute<Array<{ rolsuper: boolean }>>('select rolsuper from pg_roles where rolname = current_user');
    return { superuser: rows[0]?.rolsuper === true };
  } catch (error) {
    return {
      failure: `PostgreSQL at ${hostOf(env.DATABASE_URL)} could not be asked about its role (${reason(error)}), so superuser use is unchecked.`,
    };
  } finally {
    await orm?.close(true).catch(() => undefined);
  }
}

export async function probeDeployFacts(env: Env): Promise<DeployFacts> {
  const [redis, database] = await Promise.all([redisPolicy(env), databaseSuperuser(env)]);
  return {
    env,
    target: env.DEPLOY_TARGET,
    redisMaxmemoryPolicy: redis.policy,
    databaseRoleIsSuperuser: database.superuser,
    probeFailures: [redis.failure, database.failure].filter((failure): failure is string => failure !== undefined),
  };
}

export class DeployCheckError extends Error {
  constructor(readonly refusals: string[]) {
    super(
      `TrainerHub refuses to start with this production configuration:\n${refusals.map((r) => `  - ${r}`).join('\n')}\n(Run "npm run check:deploy" to check an environment before deploying.)`,
    );
    this.name = 'DeployCheckError';
  }
}

/**
 * Boot gate of both processes: in production, prints the warnings and throws DeployCheckError on any refusal.
 * A store that is down only warns here, so the app still starts and answers 503 until it is back.
 */
export async function enforceDeployCheckAtBoot(
  env: Env,
  print: (line: string) => void = console.warn,
): Promise<DeployReport | undefined> {
  if (env.NODE_ENV !== 'production') return undefined;
  const report = checkDeploy(await probeDeployFacts(env));
  for (const warning of report.warnings) print(`Deploy check warning: ${warning}`);
  if (report.refusals.length > 0) throw new DeployCheckError(report.refusals);
  return report;
}
