import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startAppProcess, type AppProcess } from '../helpers/app-process.js';
import { bootAppBehindProxies, type OutageApp } from '../helpers/outage-app.js';
import { recordFigures } from './figures.js';
import { missingClients, runFault, sleep, type Credentials, type FaultReport } from './support/faults-load.js';
import { checkedOutConnections, destroyLeakedConnections } from './support/faults-pool.js';
import { http, type HttpAnswer } from './support/races-http.js';
import { webLogin } from './support/faults-web-session.js';

/**
 * Faults on loopback, bounded: PostgreSQL and then Redis cut for 10 s under a mixed load (through the
 * suite's own TCP proxies), and SIGTERM to the compiled web process under writes. test-app.ts and the
 * factories are imported only after the proxies are in place (see test/helpers/outage-app.ts).
 */
const CUT_MS = 10_000;
const EXIT_MS = 10_000;

function summary(report: FaultReport): Record<string, unknown> {
  return {
    fault: report.fault,
    requests: report.requests,
    recoveryMs: report.recoveryMs,
    acknowledgedWrites: report.acknowledgedWrites,
    incidents: report.incidents,
  };
}

describe('Faults under load', () => {
  let outage: OutageApp;
  let baseUrl = '';
  let who: Credentials;
  const reports: FaultReport[] = [];

  beforeAll(async () => {
    outage = await bootAppBehindProxies();
    await outage.t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = outage.t.app.getHttpServer().address();
    if (!address || typeof address === 'string') throw new Error('No TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    const { createTrainer } = await import('../factories/accounts.factory.js');
    const trainer = await createTrainer(outage.t, { name: 'Siobhán O’Brien' });
    const login = await http(baseUrl, 'POST', '/api/v1/auth/login', {
      body: { email: trainer.email, password: trainer.password },
    });
    const web = await webLogin(baseUrl, trainer.email, trainer.password);
    if (login.status !== 200 || web.answer.status !== 303)
      throw new Error(`sign-in failed: ${login.status} ${web.answer.status}`);
    who = {
      email: trainer.email,
      password: trainer.password,
      token: String(login.json?.accessToken),
      cookie: web.cookie,
    };
  });

  afterAll(async () => {
    if (!outage) return;
    // A leaked pool client (reported by the checks) would keep close() waiting for ever, and Jest with it.
    await destroyLeakedConnections(outage.t.app);
    await outage.close();
  }, 30_000);

  it.each([
    ['PostgreSQL', 'database'],
    ['Redis', 'redis'],
  ] as const)(
    'survives a 10 s %s cut: 503 not 401 or a hang, recovery without a restart, no lost write',
    async (name, which) => {
      const proxy = outage[which];
      const report = await runFault(
        baseUrl,
        who,
        { name: `${name} cut`, cut: () => proxy.cut(), restore: () => proxy.restore() },
        { faultMs: CUT_MS },
      );
      // After the fault, the real user still gets in through both doors: no account was locked by it.
      const apiLogin = await http(baseUrl, 'POST', '/api/v1/auth/login', {
        body: { email: who.email, password: who.password },
      });
      const webSignIn = await webLogin(baseUrl, who.email, who.password);
      if (apiLogin.status !== 200)
        report.incidents['API login refused after the fault'] = {
          count: 1,
          example: `${apiLogin.status} ${apiLogin.text.slice(0, 160)}`,
        };
      if (webSignIn.answer.status !== 303)
        report.incidents['web login refused after the fault'] = { count: 1, example: String(webSignIn.answer.status) };
      // Nothing is in flight now, so every database connection must be back in the pool.
      const leaked = await checkedOutConnections(outage.t.app);
      if (leaked > 0)
        report.incidents['database connections leaked by the fault'] = {
          count: leaked,
          example: `${leaked} pool client(s) checked out with no request in flight`,
        };
      reports.push(report);
      recordFigures(`faults: ${name} cut`, {
        faultsInjected: 1,
        faultsNotSurvived: Object.keys(report.incidents).length > 0 ? 1 : 0,
        serverErrors: report.serverErrors,
        nonProblemErrors: report.nonProblemErrors,
        requestsTried: report.requests + 2,
      });
      console.log(`${name} cut: ${JSON.stringify(summary(report))}`);
      expect(report.acknowledgedWrites).toBeGreaterThan(0);
      expect({ incidents: report.incidents, lostWrites: report.lostWrites, serverErrors: report.serverErrors }).toEqual(
        { incidents: {}, lostWrites: [], serverErrors: 0 },
      );
    },
    60_000,
  );

  describe('SIGTERM under load', () => {
    let proc: AppProcess | undefined;

    afterAll(async () => {
      await proc?.stop(2_000);
    });

    it('keeps every acknowledged write and exits within 10 s', async () => {
      proc = await startAppProcess();
      const app = proc;
      const login = await http(app.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { email: who.email, password: who.password },
      });
      expect(login.status).toBe(200);
      const token = String(login.json?.accessToken);
      // An idle keep-alive connection: it must not hold the exit up (issue 9, defect 7).
      await http(app.baseUrl, 'GET', '/health');

      const acknowledged: string[] = [];
      const droppedInFlight: Array<{ status: number; error?: string }> = [];
      let serverErrors = 0;
      let tried = 0;
      let signalledAt = 0;
      let stop = false;
      let n = 0;
      const writer = async () => {
        while (!stop) {
          n += 1;
          const name = `Sigterm write ${n} ${Date.now()}`;
          const sentAt = Date.now();
          const answer: HttpAnswer = await http(app.baseUrl, 'POST', '/api/v1/clients', {
            token,
            body: { name },
            timeoutMs: EXIT_MS + 2_000,
          });
          tried += 1;
          if (answer.status === 201) acknowledged.push(name);
          else if (answer.status >= 500 && answer.status !== 503) serverErrors += 1;
          // Sent well before the signal and never answered: an in-flight request the shutdown dropped.
          if (answer.status === 0 && signalledAt > 0 && sentAt < signalledAt - 50)
            droppedInFlight.push({ status: answer.status, error: answer.error });
          if (answer.status === 0 || signalledAt > 0) await sleep(50);
        }
      };
      const writers = Array.from({ length: 8 }, writer);
      await sleep(1_500);
      signalledAt = Date.now();
      app.kill('SIGTERM');
      const exit = await Promise.race([app.exited, sleep(EXIT_MS + 5_000).then(() => undefined)]);
      stop = true;
      await Promise.all(writers);
      const lost = await missingClients(acknowledged);
      const exitedInTime = exit !== undefined && exit.ms <= EXIT_MS;
      const survived = exitedInTime && lost.length === 0 && droppedInFlight.length === 0 && serverErrors === 0;
      recordFigures('faults: SIGTERM under load', {
        faultsInjected: 1,
        faultsNotSurvived: survived ? 0 : 1,
        serverErrors,
        requestsTried: tried + 2,
      });
      console.log(
        `SIGTERM: ${JSON.stringify({ exit, acknowledged: acknowledged.length, lost: lost.length, droppedInFlight: droppedInFlight.length, tried })}`,
      );
      if (!survived) console.log(`web process output:\n${app.output()}`);
      expect(acknowledged.length).toBeGreaterThan(0);
      expect({ exitedWithin10s: exitedInTime, lostWrites: lost, droppedInFlight, serverErrors }).toEqual({
        exitedWithin10s: true,
        lostWrites: [],
        droppedInFlight: [],
        serverErrors: 0,
      });
    }, 90_000);
  });
});
