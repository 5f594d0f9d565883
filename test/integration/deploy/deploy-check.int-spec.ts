import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { probeDeployFacts } from '../../../src/config/deploy-probes.js';
import { loadEnv } from '../../../src/config/env.schema.js';
import { type AppProcess, DIST_ENTRIES, ensureBuilt, freePort, startAppProcess } from '../../helpers/app-process.js';
import { ensureMigrated } from '../../helpers/database.js';

/** startAppProcess()/ensureBuilt() compile dist/ first when the sources changed, which takes a while. */
const BUILD_MS = 240_000;

const STRONG = {
  SESSION_SECRET: 'Qm9vdHN0cmFwLXNlc3Npb24tc2VjcmV0LWZvci10ZXN0cw',
  JWT_ACCESS_SECRET: 'YWNjZXNzLXRva2VuLXNpZ25pbmcta2V5LWZvci10ZXN0cw',
  JWT_REFRESH_SECRET: 'cmVmcmVzaC10b2tlbi1zaWduaW5nLWtleS1mb3ItdGVzdHM',
};

/** Runs a compiled entry point to its end (bounded), with only the environment given (plus PATH). */
function run(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function testStores(): Record<string, string> {
  return {
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? 'th-test',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  };
}

describe('Deploy check', () => {
  beforeAll(async () => {
    await ensureMigrated();
    await ensureBuilt();
  }, BUILD_MS);

  describe('probeDeployFacts', () => {
    it('reads the eviction policy and the role from the real Redis and PostgreSQL', async () => {
      const facts = await probeDeployFacts(loadEnv());
      // The test stores: Redis as compose and CI run it, and the trust-auth postgres role.
      expect(facts).toMatchObject({
        redisMaxmemoryPolicy: 'noeviction',
        databaseRoleIsSuperuser: true,
        probeFailures: [],
      });
    });

    it('reports a store it cannot reach instead of hanging', async () => {
      const port = await freePort();
      const facts = await probeDeployFacts(loadEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }));
      expect(facts.redisMaxmemoryPolicy).toBeUndefined();
      expect(facts.probeFailures).toEqual([
        `Redis at 127.0.0.1:${port} did not answer, so its maxmemory-policy is unchecked.`,
      ]);
    });
  });

  describe('npm run check:deploy', () => {
    it('prints one sentence per problem and exits 1', async () => {
      const { code, output } = await run(DIST_ENTRIES.checkDeploy, {
        ...testStores(),
        ...STRONG,
        NODE_ENV: 'production',
        PUBLIC_URL: 'http://trainerhub.test',
        LOG_LEVEL: 'debug',
      });
      expect(code).toBe(1);
      const refused = output.split('\n').filter((line) => line.startsWith('refused: '));
      expect(refused).toEqual([
        expect.stringMatching(/^refused: PUBLIC_URL is http:\/\/trainerhub\.test, not https/),
        expect.stringMatching(/^refused: LOG_LEVEL is "debug"/),
        expect.stringMatching(/^refused: The database role in DATABASE_URL is a PostgreSQL superuser/),
      ]);
    });

    it('refuses the development default secrets', async () => {
      const { code, output } = await run(DIST_ENTRIES.checkDeploy, {
        ...testStores(),
        NODE_ENV: 'production',
        SESSION_SECRET: 'dev-session-secret-change-me-0123456789',
      });
      expect(code).toBe(1);
      expect(output).toContain('refused: SESSION_SECRET must not be the development default in production.');
    });

    it('passes the compose stack with warnings only', async () => {
      const { code, output } = await run(DIST_ENTRIES.checkDeploy, {
        ...testStores(),
        NODE_ENV: 'production',
        DEPLOY_TARGET: 'compose',
        PUBLIC_URL: 'http://localhost:3000',
        LOG_LEVEL: 'info',
        SESSION_SECRET: 'compose-session-secret-replace-me-000000001',
        JWT_ACCESS_SECRET: 'compose-jwt-access-secret-replace-me-000002',
        JWT_REFRESH_SECRET: 'compose-jwt-refresh-secret-replace-me-00003',
      });
      expect(output).not.toContain('refused:');
      expect(output).toContain('warning: The database role in DATABASE_URL is a PostgreSQL superuser');
      expect(code).toBe(0);
    });
  });

  describe('at boot with NODE_ENV=production', () => {
    let web: AppProcess | undefined;

    afterAll(async () => {
      await web?.stop(5_000);
    });

    it.each([
      ['web', DIST_ENTRIES.web],
      ['worker', DIST_ENTRIES.worker],
    ])('the %s process refuses to start, saying why', async (_label, entry) => {
      const port = await freePort();
      const { code, output } = await run(entry, {
        ...testStores(),
        ...STRONG,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: 'http://trainerhub.test',
        LOG_LEVEL: 'trace',
      });
      expect(code).toBe(1);
      expect(output).toContain('TrainerHub refuses to start with this production configuration:');
      expect(output).toContain('PUBLIC_URL is http://trainerhub.test, not https');
      expect(output).toContain('LOG_LEVEL is "trace"');
    });

    it(
      'the compose stack starts, printing its warnings',
      async () => {
        web = await startAppProcess({
          env: {
            NODE_ENV: 'production',
            DEPLOY_TARGET: 'compose',
            LOG_LEVEL: 'warn',
            SESSION_SECRET: 'compose-session-secret-replace-me-000000001',
            JWT_ACCESS_SECRET: 'compose-jwt-access-secret-replace-me-000002',
            JWT_REFRESH_SECRET: 'compose-jwt-refresh-secret-replace-me-00003',
          },
        });
        expect((await fetch(`${web.baseUrl}/health/ready`)).status).toBe(200);
        expect(web.output()).toContain(
          'Deploy check warning: The database role in DATABASE_URL is a PostgreSQL superuser',
        );
      },
      BUILD_MS,
    );
  });
});
