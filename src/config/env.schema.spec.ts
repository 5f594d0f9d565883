import { describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { DEV_SECRETS, EnvValidationError, validateEnv } from './env.schema.js';

const strong = (c: string) => c.repeat(40);

function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnv(raw);
  } catch (error) {
    if (error instanceof EnvValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateEnv', () => {
  it('fills development defaults for an empty environment', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      HOST: '127.0.0.1',
    });
    expect(env.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('lists every bad variable in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'http://x',
      LOG_LEVEL: 'loud',
      SMTP_URL: 'ftp://x',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT'),
        expect.stringContaining('DATABASE_URL'),
        expect.stringContaining('REDIS_URL'),
        expect.stringContaining('LOG_LEVEL'),
        expect.stringContaining('SMTP_URL'),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('refuses to boot in production without secrets', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'SESSION_SECRET is required in production',
      'JWT_ACCESS_SECRET is required in production',
      'JWT_REFRESH_SECRET is required in production',
    ]);
  });

  it('refuses the development default secrets in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ...DEV_SECRETS });
    expect(problems.filter((p) => p.includes('development default'))).toHaveLength(3);
  });

  it('accepts strong, distinct secrets in production', () => {
    const env = validateEnv({
      NODE_ENV: 'production',
      SESSION_SECRET: strong('s'),
      JWT_ACCESS_SECRET: strong('a'),
      JWT_REFRESH_SECRET: strong('r'),
    });
    expect(env.JWT_ACCESS_SECRET).toBe(strong('a'));
  });

  it('rejects short secrets and identical JWT secrets', () => {
    const problems = problemsOf({
      SESSION_SECRET: 'short',
      JWT_ACCESS_SECRET: strong('x'),
      JWT_REFRESH_SECRET: strong('x'),
    });
    expect(problems).toEqual([
      'SESSION_SECRET must be at least 32 characters',
      'JWT_ACCESS_SECRET and JWT_REFRESH_SECRET must differ',
    ]);
  });

  it('runs one web process per core in production and one elsewhere, unless WEB_CONCURRENCY says', () => {
    const production = {
      NODE_ENV: 'production',
      SESSION_SECRET: strong('s'),
      JWT_ACCESS_SECRET: strong('a'),
      JWT_REFRESH_SECRET: strong('r'),
    };
    expect(validateEnv(production).WEB_CONCURRENCY).toBe(availableParallelism());
    expect(validateEnv({}).WEB_CONCURRENCY).toBe(1);
    expect(validateEnv({ ...production, WEB_CONCURRENCY: '3' }).WEB_CONCURRENCY).toBe(3);
    for (const bad of ['0', 'two', '-1', '65', '2.5']) {
      expect(problemsOf({ WEB_CONCURRENCY: bad })).toEqual([
        'WEB_CONCURRENCY must be a number of web processes from 1 to 64',
      ]);
    }
  });
});
