import { describe, expect, it } from '@jest/globals';
import { checkDeploy, type DeployFacts } from './deploy-check.js';
import { DEV_SECRETS } from './env.schema.js';

const strong = (c: string) => `${c.repeat(20)}-${c.toUpperCase().repeat(20)}`;

function facts(overrides: Partial<DeployFacts['env']> = {}, rest: Partial<Omit<DeployFacts, 'env'>> = {}): DeployFacts {
  return {
    env: {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://app.trainerhub.test',
      LOG_LEVEL: 'info',
      SESSION_SECRET: strong('s'),
      JWT_ACCESS_SECRET: strong('a'),
      JWT_REFRESH_SECRET: strong('r'),
      ...overrides,
    },
    target: 'server',
    redisMaxmemoryPolicy: 'noeviction',
    databaseRoleIsSuperuser: false,
    ...rest,
  };
}

describe('checkDeploy', () => {
  it('passes a sound production environment', () => {
    expect(checkDeploy(facts())).toEqual({ refusals: [], warnings: [] });
  });

  it('refuses the development default secrets', () => {
    const { refusals } = checkDeploy(facts({ ...DEV_SECRETS }));
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toBe(
      'SESSION_SECRET is a default or placeholder value from the repository; set a random secret of your own.',
    );
  });

  it('refuses the placeholder secrets docker-compose.yml ships', () => {
    const { refusals } = checkDeploy(facts({ SESSION_SECRET: 'compose-session-secret-replace-me-000000001' }));
    expect(refusals).toEqual([expect.stringMatching(/^SESSION_SECRET is a default or placeholder value/)]);
  });

  it('refuses short secrets, saying how long they are', () => {
    const { refusals } = checkDeploy(facts({ JWT_REFRESH_SECRET: 'short-secret' }));
    expect(refusals).toEqual([
      expect.stringMatching(/^JWT_REFRESH_SECRET is only 12 characters long; use at least 32/),
    ]);
  });

  it('refuses identical JWT secrets', () => {
    const { refusals } = checkDeploy(facts({ JWT_REFRESH_SECRET: strong('a') }));
    expect(refusals).toEqual([expect.stringContaining('JWT_ACCESS_SECRET and JWT_REFRESH_SECRET are the same')]);
  });

  it('refuses cookies without Secure: NODE_ENV other than production', () => {
    const { refusals } = checkDeploy(facts({ NODE_ENV: 'development' }));
    expect(refusals).toEqual([
      expect.stringMatching(/^NODE_ENV is "development", so session cookies would be sent without Secure/),
    ]);
  });

  it('refuses a PUBLIC_URL that is not https', () => {
    const { refusals } = checkDeploy(facts({ PUBLIC_URL: 'http://app.trainerhub.test' }));
    expect(refusals).toEqual([expect.stringMatching(/^PUBLIC_URL is http:\/\/app\.trainerhub\.test, not https/)]);
  });

  it('accepts plain http on a loopback host, where browsers keep Secure cookies', () => {
    expect(checkDeploy(facts({ PUBLIC_URL: 'http://localhost:3000' })).refusals).toEqual([]);
    expect(checkDeploy(facts({ PUBLIC_URL: 'http://127.0.0.1:3000' })).refusals).toEqual([]);
  });

  it.each(['debug', 'trace'] as const)('refuses LOG_LEVEL=%s', (level) => {
    expect(checkDeploy(facts({ LOG_LEVEL: level })).refusals).toEqual([
      expect.stringMatching(new RegExp(`^LOG_LEVEL is "${level}"`)),
    ]);
  });

  it('refuses a Redis that may evict keys', () => {
    const { refusals } = checkDeploy(facts({}, { redisMaxmemoryPolicy: 'allkeys-lru' }));
    expect(refusals).toEqual([expect.stringMatching(/^Redis maxmemory-policy is "allkeys-lru"; set it to noeviction/)]);
  });

  it('refuses a superuser database role', () => {
    const { refusals, warnings } = checkDeploy(facts({}, { databaseRoleIsSuperuser: true }));
    expect(refusals).toEqual([expect.stringMatching(/is a PostgreSQL superuser/)]);
    expect(warnings).toEqual([]);
  });

  it('only warns about the superuser role and placeholder secrets on the compose stack', () => {
    const report = checkDeploy(
      facts(
        { SESSION_SECRET: 'compose-session-secret-replace-me-000000001' },
        { target: 'compose', databaseRoleIsSuperuser: true },
      ),
    );
    expect(report.refusals).toEqual([]);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^SESSION_SECRET is a default or placeholder value/),
      expect.stringMatching(/superuser.*DEPLOY_TARGET=compose/),
    ]);
  });

  it('still refuses everything else on the compose stack', () => {
    const { refusals } = checkDeploy(
      facts(
        { LOG_LEVEL: 'debug', SESSION_SECRET: 'short' },
        { target: 'compose', redisMaxmemoryPolicy: 'volatile-lru' },
      ),
    );
    expect(refusals).toHaveLength(3);
  });

  it('warns about probes that could not run at boot, and refuses them in the script', () => {
    const unreachable = facts(
      {},
      { redisMaxmemoryPolicy: undefined, probeFailures: ['Redis at 127.0.0.1:6379 did not answer.'] },
    );
    expect(checkDeploy(unreachable)).toEqual({ refusals: [], warnings: ['Redis at 127.0.0.1:6379 did not answer.'] });
    expect(checkDeploy(unreachable, { requireProbes: true }).refusals).toEqual([
      'Redis at 127.0.0.1:6379 did not answer.',
    ]);
  });

  it('lists every problem at once', () => {
    const { refusals } = checkDeploy(
      facts(
        { ...DEV_SECRETS, NODE_ENV: 'development', PUBLIC_URL: 'http://trainerhub.test', LOG_LEVEL: 'trace' },
        { redisMaxmemoryPolicy: 'allkeys-random', databaseRoleIsSuperuser: true },
      ),
    );
    expect(refusals).toHaveLength(8);
  });
});
