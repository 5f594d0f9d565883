/**
 * The one place that knows which environment variables TrainerHub reads and what makes them valid.
 * Boot collects every problem first so an operator fixes the environment in one pass, not one variable per restart.
 */
import { availableParallelism } from 'node:os';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Env {
  NODE_ENV: NodeEnv;
  DATABASE_URL: string;
  REDIS_URL: string;
  /** Keeps BullMQ keys and session keys of parallel runs (tests, several apps on one Redis) apart. */
  REDIS_PREFIX: string;
  PORT: number;
  HOST: string;
  PUBLIC_URL: string;
  SESSION_SECRET: string;
  JWT_ACCESS_SECRET: string;
  JWT_REFRESH_SECRET: string;
  SMTP_URL: string | undefined;
  MAIL_FROM: string;
  LOG_LEVEL: LogLevel;
  /** Trust X-Forwarded-For from this many proxy hops (0: use the socket address). */
  TRUST_PROXY_HOPS: number;
  /**
   * "compose" marks the local all-in-one docker-compose stack: the deploy check (src/config/deploy-check.ts)
   * then only warns about its placeholder secrets and its superuser database role. "server" (the default)
   * refuses both.
   */
  DEPLOY_TARGET: 'server' | 'compose';
  /**
   * How many web processes serve the port (node:cluster; src/cluster-primary.ts). Default: one per core in
   * production, 1 otherwise. The worker process (BullMQ) is always a single, separate process.
   */
  WEB_CONCURRENCY: number;
}

/** Development defaults: good enough on a laptop, refused in production. */
export const DEV_SECRETS = {
  SESSION_SECRET: 'dev-session-secret-change-me-0123456789',
  JWT_ACCESS_SECRET: 'dev-jwt-access-secret-change-me-0123456789',
  JWT_REFRESH_SECRET: 'dev-jwt-refresh-secret-change-me-0123456789',
} as const;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/trainerhub';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const SECRET_KEYS = ['SESSION_SECRET', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const;
const MIN_SECRET_LENGTH = 32;

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvValidationError';
  }
}

type Raw = Record<string, string | undefined>;

function text(raw: Raw, key: string): string | undefined {
  const value = raw[key]?.trim();
  return value === '' ? undefined : value;
}

function urlWithProtocols(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The most web processes one machine runs; more only adds memory and PostgreSQL connections. */
const MAX_WEB_CONCURRENCY = 64;

/** Parses and validates the raw environment. Throws one EnvValidationError naming every bad variable. */
export function validateEnv(raw: Raw): Env {
  const problems: string[] = [];
  const nodeEnv = (text(raw, 'NODE_ENV') ?? 'development') as NodeEnv;
  if (!NODE_ENVS.includes(nodeEnv)) problems.push(`NODE_ENV must be one of ${NODE_ENVS.join(', ')} (got "${nodeEnv}")`);
  const production = nodeEnv === 'production';

  const databaseUrl = text(raw, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  if (!urlWithProtocols(databaseUrl, ['postgres:', 'postgresql:'])) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  const redisUrl = text(raw, 'REDIS_URL') ?? DEFAULT_REDIS_URL;
  if (!urlWithProtocols(redisUrl, ['redis:', 'rediss:'])) problems.push('REDIS_URL must be a redis:// URL');

  const portText = text(raw, 'PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number (got "${portText}")`);

  const host = text(raw, 'HOST') ?? '127.0.0.1';
  const publicUrl = text(raw, 'PUBLIC_URL') ?? `http://localhost:${Number.isInteger(port) ? port : 3000}`;
  if (!urlWithProtocols(publicUrl, ['http:', 'https:'])) problems.push('PUBLIC_URL must be an http(s) URL');

  const smtpUrl = text(raw, 'SMTP_URL');
  if (smtpUrl !== undefined && !urlWithProtocols(smtpUrl, ['smtp:', 'smtps:'])) {
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  }

  const logLevel = (text(raw, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const secrets = {} as Record<(typeof SECRET_KEYS)[number], string>;
  for (const key of SECRET_KEYS) {
    const value = text(raw, key);
    if (value === undefined) {
      if (production) problems.push(`${key} is required in production`);
      secrets[key] = DEV_SECRETS[key];
      continue;
    }
    if (production && value === DEV_SECRETS[key])
      problems.push(`${key} must not be the development default in production`);
    if (value.length < MIN_SECRET_LENGTH) problems.push(`${key} must be at least ${MIN_SECRET_LENGTH} characters`);
    secrets[key] = value;
  }
  if (secrets.JWT_ACCESS_SECRET === secrets.JWT_REFRESH_SECRET && text(raw, 'JWT_ACCESS_SECRET') !== undefined) {
    problems.push('JWT_ACCESS_SECRET and JWT_REFRESH_SECRET must differ');
  }

  const hopsText = text(raw, 'TRUST_PROXY_HOPS') ?? '0';
  if (!/^\d{1,2}$/.test(hopsText))
    problems.push('TRUST_PROXY_HOPS must be a small whole number (0 when no proxy is in front)');

  const redisPrefix = text(raw, 'REDIS_PREFIX') ?? 'th';
  if (!/^[\w:-]{1,64}$/.test(redisPrefix))
    problems.push('REDIS_PREFIX may hold letters, digits, "_", ":" and "-" only');

  const deployTarget = text(raw, 'DEPLOY_TARGET') ?? 'server';
  if (deployTarget !== 'server' && deployTarget !== 'compose') problems.push('DEPLOY_TARGET must be server or compose');

  const concurrencyText = text(raw, 'WEB_CONCURRENCY') ?? String(production ? availableParallelism() : 1);
  const concurrency = Number(concurrencyText);
  if (!/^\d{1,2}$/.test(concurrencyText) || concurrency < 1 || concurrency > MAX_WEB_CONCURRENCY) {
    problems.push(`WEB_CONCURRENCY must be a number of web processes from 1 to ${MAX_WEB_CONCURRENCY}`);
  }

  if (problems.length > 0) throw new EnvValidationError(problems);
  return {
    NODE_ENV: nodeEnv,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    PORT: port,
    HOST: host,
    PUBLIC_URL: publicUrl.replace(/\/$/, ''),
    SMTP_URL: smtpUrl,
    MAIL_FROM: text(raw, 'MAIL_FROM') ?? 'TrainerHub <no-reply@trainerhub.local>',
    LOG_LEVEL: logLevel,
    TRUST_PROXY_HOPS: Number(hopsText),
    DEPLOY_TARGET: deployTarget as Env['DEPLOY_TARGET'],
    WEB_CONCURRENCY: concurrency,
    ...secrets,
  };
}

/** The process environment, validated. The only reader of process.env outside tests' own setup. */
export function loadEnv(overrides: Raw = {}): Env {
  return validateEnv({ ...process.env, ...overrides });
}
