import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TrainerFixture } from '../../factories/accounts.factory.js';
import { startTcpProxy, targetOf, type TcpProxy } from '../../helpers/tcp-proxy.js';
import type { TestApp } from '../../helpers/test-app.js';
import type { WebAgent as WebAgentClass } from '../../helpers/web-agent.js';

/**
 * A real PostgreSQL outage: the app reaches the database through a loopback TCP proxy that the test cuts.
 * The app's config is read when its modules are first imported, so they are imported only after
 * DATABASE_URL points at the proxy (each test file has its own module registry).
 */
describe('login during a PostgreSQL outage', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let trainer: TrainerFixture;
  let WebAgent: typeof WebAgentClass;
  // Not from helpers/client-address.js: it imports the app statically, before DATABASE_URL is rewritten.
  const address = '10.254.0.1';

  beforeAll(async () => {
    const saved = { url: process.env.DATABASE_URL, hops: process.env.TRUST_PROXY_HOPS };
    if (!saved.url) throw new Error('DATABASE_URL is not set; run tests through jest');
    proxy = await startTcpProxy(targetOf(saved.url));
    process.env.DATABASE_URL = proxy.rewrite(saved.url);
    process.env.TRUST_PROXY_HOPS = '1';
    try {
      const { bootTestApp } = await import('../../helpers/test-app.js');
      const { createTrainer } = await import('../../factories/accounts.factory.js');
      ({ WebAgent } = await import('../../helpers/web-agent.js'));
      t = await bootTestApp();
      trainer = await createTrainer(t);
    } finally {
      process.env.DATABASE_URL = saved.url;
      if (saved.hops === undefined) delete process.env.TRUST_PROXY_HOPS;
      else process.env.TRUST_PROXY_HOPS = saved.hops;
    }
  });

  afterAll(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.close();
  });

  const apiLogin = (password: string) =>
    t.http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ email: trainer.email, password });

  async function webLogin(password: string): Promise<number> {
    const web = new WebAgent(t);
    const token = await web.csrf('/login');
    const res = await web.agent
      .post('/login')
      .set('x-forwarded-for', address)
      .type('form')
      .send({ email: trainer.email, password, _csrf: token });
    return res.status;
  }

  it('never counts an unchecked login as a failure, so the right password works once the database is back', async () => {
    await apiLogin(trainer.password).expect(200);
    expect(proxy.accepted).toBeGreaterThan(0);
    proxy.cut();
    const during: number[] = [];
    try {
      // Twice the per-address limit, on both doors, with the right password and a wrong one.
      for (let i = 0; i < 5; i += 1) {
        during.push((await apiLogin(trainer.password)).status);
        during.push((await apiLogin('wrong-password-here')).status);
        during.push(await webLogin(trainer.password));
      }
    } finally {
      proxy.restore();
    }
    // The database could not be asked: an infrastructure error (5xx), never "wrong password" or "locked".
    expect(during.every((status) => status >= 500)).toBe(true);

    const after = await apiLogin(trainer.password);
    expect(after.status).toBe(200);
    expect(await webLogin(trainer.password)).toBe(303);
    // And the failure budget is whole: the usual 5 checked failures before the address is refused.
    for (let i = 0; i < 5; i += 1) await apiLogin('wrong-password-here').expect(401);
    await apiLogin(trainer.password).expect(429);
  });
});
