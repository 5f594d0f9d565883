import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { useTestApp } from '../helpers/test-app.js';
import { recordFigures } from './figures.js';
import {
  allRequestsArb,
  expandPlaceholders,
  loadOpenApi,
  operationsOf,
  type FuzzRequest,
} from './support/fuzz-openapi.js';
import { idPoolOf, snapshotTenant, tenantDamage } from './support/fuzz-tenants.js';
import { seedTwoTenants } from './support/tenants.js';
import { fuzzSeed } from './support/fuzz-values.js';

/** At least 5,000 per CI run (issue 9); FUZZ_RUNS raises it for a longer local hunt. */
const RUNS = Math.max(5_000, Number(process.env.FUZZ_RUNS ?? 5_200));
const CONCURRENCY = 8;

interface Failure {
  kind: 'server-error' | 'non-problem' | 'leak';
  operationId: string;
  mutation: string;
  request: string;
  status: number;
  answer: string;
}

const clip = (text: string | undefined, n = 240) =>
  text && text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : (text ?? '');

describe('API fuzzing from the committed OpenAPI document', () => {
  const t = useTestApp();

  it('answers every generated request without a 5xx, with problem+json errors, and never touches another tenant', async () => {
    const { a: owner, b: other } = await seedTwoTenants(t);
    const before = await snapshotTenant(other);

    const doc = loadOpenApi();
    const ops = operationsOf(doc);
    const seed = fuzzSeed();
    console.log(
      `API fuzz: seed ${seed}, ${RUNS} requests over ${ops.length} operations (replay with FUZZ_SEED=${seed})`,
    );
    const requests = fc.sample(allRequestsArb(doc, { own: idPoolOf(owner), other: idPoolOf(other) }, ops), {
      seed,
      numRuns: RUNS,
    });

    const fastify = t.app.getHttpAdapter().getInstance();
    const failures: Failure[] = [];
    const tried = new Map<string, number>();
    const statuses = new Map<number, number>();
    let serverErrors = 0;
    let nonProblemErrors = 0;
    let leaks = 0;

    const send = async (req: FuzzRequest, index: number): Promise<void> => {
      const headers: Record<string, string> = { ...req.headers };
      if (req.auth === 'owner') headers.authorization = `Bearer ${owner.tokens.accessToken}`;
      if (req.auth === 'junk')
        headers.authorization = index % 2 ? 'Bearer eyJhbGciOiJub25lIn0.e30.' : 'Basic Zm9vOmJhcg==';
      const res = await fastify.inject({
        method: req.method as 'GET',
        url: req.url,
        headers,
        payload: req.payload === undefined ? undefined : expandPlaceholders(req.payload),
        // A spread of client addresses: the login throttle must not end up blocking loopback for later checks.
        remoteAddress: `10.77.${(index >> 8) & 255}.${index & 255}`,
      });
      tried.set(req.operationId, (tried.get(req.operationId) ?? 0) + 1);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const failure = (kind: Failure['kind']) =>
        failures.length < 25 &&
        failures.push({
          kind,
          operationId: req.operationId,
          mutation: req.mutation,
          request: `${req.method} ${clip(req.url, 160)} ${clip(req.payload, 160)}`,
          status: res.statusCode,
          answer: clip(res.body),
        });
      if (res.statusCode >= 500) {
        serverErrors += 1;
        failure('server-error');
      }
      if (res.statusCode >= 400 && !String(res.headers['content-type'] ?? '').startsWith('application/problem+json')) {
        nonProblemErrors += 1;
        failure('non-problem');
      }
      if (res.body.includes(other.marker)) {
        leaks += 1;
        failure('leak');
      }
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const index = next;
          next += 1;
          await send(requests[index] as FuzzRequest, index);
        }
      }),
    );

    const changed = await tenantDamage(before, other);
    leaks += changed.length;
    console.log(
      `API fuzz answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort((x, y) => x[0] - y[0])))}`,
    );
    recordFigures('fuzz-api', {
      requestsTried: requests.length,
      serverErrors,
      nonProblemErrors,
      crossTenantLeaks: leaks,
    });
    if (failures.length > 0 || changed.length > 0) {
      console.log(
        `API fuzz failures (seed ${seed}):\n${JSON.stringify({ otherTenantDamage: changed, failures }, null, 2)}`,
      );
    }

    expect(ops.filter((op) => !tried.has(op.operationId)).map((op) => op.operationId)).toEqual([]);
    expect({ serverErrors, nonProblemErrors, crossTenantLeaks: leaks, otherTenantDamage: changed }).toEqual({
      serverErrors: 0,
      nonProblemErrors: 0,
      crossTenantLeaks: 0,
      otherTenantDamage: [],
    });
  }, 240_000);
});
