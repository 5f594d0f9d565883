import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { type AppProcess, type ProcessExit, startAppProcess } from '../../helpers/app-process.js';
import { RawHttpConnection, rawRequest, type RawResponse } from '../../helpers/raw-http.js';

const IN_FLIGHT = 20;
const IDLE = 5;
/** The bound: a deploy must not wait for compose's SIGKILL. */
const EXIT_WITHIN_MS = 10_000;
/** startAppProcess() compiles dist/ first when src/ changed, which takes a while on a small machine. */
const BOOT_AND_BUILD_MS = 240_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = { ok: true; response: RawResponse } | { ok: false; code: string };

function outcome(promise: Promise<RawResponse>): Promise<Outcome> {
  return promise.then(
    (response) => ({ ok: true as const, response }),
    (error: NodeJS.ErrnoException) => ({ ok: false as const, code: error.code ?? error.message }),
  );
}

// The compiled web process, signalled for real: what a deploy (docker compose stop, a rolling update) does.
describe('Web process on SIGTERM', () => {
  let web: AppProcess;
  let exit: ProcessExit;
  let inFlight: Outcome[];
  let lateReadiness: Outcome;
  let lateSignUp: Outcome;
  let idleClosedWithinMs: number;
  let newConnectionRefused: boolean;

  beforeAll(async () => {
    web = await startAppProcess();
    // Sign-ups as the slow requests: password hashing plus writes, and (unlike logins) no throttle to trip.
    const register = () =>
      rawRequest('POST', '/api/v1/auth/register', {
        json: {
          email: `sigterm-${randomBytes(5).toString('hex')}@example.test`,
          password: 'squat-rack-sunrise-42',
          name: 'Дмитрий 李小龍',
          timeZone: 'Europe/London',
          currency: 'GBP',
        },
      });
    const first = await fetch(`${web.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: register().split('\r\n\r\n')[1],
    });
    expect(first.status).toBe(201);
    const { accessToken } = (await first.json()) as { accessToken: string };
    const list = rawRequest('GET', '/api/v1/clients', { headers: { authorization: `Bearer ${accessToken}` } });

    // Idle keep-alive connections: each served once, then left open, as browsers and proxies do.
    const idle = await Promise.all(Array.from({ length: IDLE }, () => RawHttpConnection.open(web.port)));
    for (const connection of idle) connection.write(rawRequest('GET', '/health'));
    for (const connection of idle) expect((await connection.response()).status).toBe(200);

    // Requests in flight: sent in full just before the signal (password hashing keeps sign-ups busy a while) …
    const busy = await Promise.all(Array.from({ length: IN_FLIGHT }, () => RawHttpConnection.open(web.port)));
    busy.forEach((connection, index) => connection.write(index % 2 === 0 ? register() : list));
    const responses = busy.map((connection) => outcome(connection.response()));
    // … and two still being received when it arrives: their last byte comes after SIGTERM.
    const readiness = await RawHttpConnection.open(web.port);
    const readinessBytes = rawRequest('GET', '/health/ready');
    readiness.write(readinessBytes.slice(0, -2));
    const slowSignUp = await RawHttpConnection.open(web.port);
    const signUpBytes = register();
    slowSignUp.write(signUpBytes.slice(0, -1));
    await sleep(100);

    web.kill('SIGTERM');
    const signalledAt = Date.now();
    // The idle connections closing is the sign that the server has begun closing (the signal was handled).
    const idleClosed = Promise.all(idle.map((connection) => connection.closed)).then(() => Date.now() - signalledAt);
    idleClosedWithinMs = await Promise.race([idleClosed, sleep(EXIT_WITHIN_MS).then(() => Infinity)]);
    newConnectionRefused = await RawHttpConnection.open(web.port).then(
      (connection) => {
        connection.destroy();
        return false;
      },
      () => true,
    );
    readiness.write(readinessBytes.slice(-2));
    slowSignUp.write(signUpBytes.slice(-1));

    [inFlight, lateReadiness, lateSignUp] = await Promise.all([
      Promise.all(responses),
      outcome(readiness.response()),
      outcome(slowSignUp.response()),
    ]);
    exit = await Promise.race([web.exited, sleep(EXIT_WITHIN_MS * 2).then(() => web.stop(1_000))]);
  }, BOOT_AND_BUILD_MS);

  afterAll(async () => {
    await web?.stop(2_000);
  });

  it('finishes every request in flight: no resets, every one answered', () => {
    const failed = inFlight.filter((result) => !result.ok);
    expect(failed).toEqual([]);
    const statuses = inFlight.map((result) => (result.ok ? result.response.status : 0));
    expect(statuses).toEqual(Array.from({ length: IN_FLIGHT }, (_, index) => (index % 2 === 0 ? 201 : 200)));
  });

  it('answers readiness 503 while draining', () => {
    expect(lateReadiness.ok && lateReadiness.response.status).toBe(503);
    expect(lateReadiness.ok && JSON.parse(lateReadiness.response.body)).toMatchObject({ status: 'down' });
    expect(lateReadiness.ok && lateReadiness.response.headers.connection).toBe('close');
  });

  it('still serves a request whose bytes were arriving at the signal', () => {
    expect(lateSignUp.ok && lateSignUp.response.status).toBe(201);
  });

  it('stops accepting new connections', () => {
    expect(newConnectionRefused).toBe(true);
  });

  it('closes idle keep-alive connections at once instead of waiting out their timeout', () => {
    // Generous, as a hang detector: without the fix they stay open for Fastify's 72 s keep-alive timeout.
    expect(idleClosedWithinMs).toBeLessThan(3_000);
  });

  it('exits 0 within 10 seconds', () => {
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
  });
});
