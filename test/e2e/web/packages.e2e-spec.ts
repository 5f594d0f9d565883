import { beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, sellPackage } from '../../factories/packages.factory.js';
import { createTenantPair, expectWebRoutesHidden, type TenantPair } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { csrfFrom } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('/packages (web)', () => {
  const t = useTestApp();
  let pair: TenantPair;
  beforeAll(async () => {
    pair = await createTenantPair(t);
  });

  async function htmxPost(path: string, fields: Record<string, string>) {
    const token = csrfFrom((await pair.owner.web.agent.get('/settings')).text);
    return pair.owner.web.agent.post(path).set(PARTIAL).set('x-csrf-token', token).type('form').send(fields);
  }

  it('shows the catalogue page with the liability figure', async () => {
    const res = await pair.owner.web.agent.get('/packages');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Unused-credit liability');
    expect(res.text).toContain('id="packages-list"');
  });

  it('creates a package from the modal: packagesChanged, closeModal and a toast', async () => {
    const form = await pair.owner.web.agent.get('/packages/create-form').set(PARTIAL);
    expect(form.status).toBe(200);
    expect(form.text).toContain('hx-post="/packages/create"');
    expect(form.text).not.toContain('<html');
    const res = await htmxPost('/packages/create', {
      name: 'Starter 5',
      sessionCount: '5',
      price: '250',
      validityDays: '60',
    });
    expect(res.status).toBe(200);
    expect(Object.keys(JSON.parse(res.headers['hx-trigger'] ?? '{}'))).toEqual(
      expect.arrayContaining(['packagesChanged', 'closeModal']),
    );
    expect(res.text).toContain('Starter 5 added to your packages.');
    const list = await pair.owner.web.agent.get('/packages/list').set(PARTIAL);
    expect(list.text).toContain('Starter 5');
    expect(list.text).toContain('£250.00');
  });

  it('re-renders the form with field errors and 422, keeping what was typed', async () => {
    const res = await htmxPost('/packages/create', { name: 'Bad pack', sessionCount: '0', price: 'lots' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="Bad pack"');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('errors-price');
  });

  it('works without JavaScript: create, edit, deactivate and sell as plain posts (PRG)', async () => {
    const created = await pair.owner.web.post('/packages/create', {
      name: 'No-JS pack',
      sessionCount: '8',
      price: '320',
      validityDays: '',
    });
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/packages');
    const page = await pair.owner.web.agent.get('/packages');
    expect(page.text).toContain('No-JS pack');
    expect(page.text).toContain('Never expires');
    const id = /id="package-([0-9a-f-]{36})"(?:(?!id="package-)[\s\S])*?No-JS pack/.exec(page.text)?.[1] ?? '';
    const editPage = await pair.owner.web.agent.get(`/packages/${id}/edit-form`);
    expect(editPage.text).toContain('value="320.00"');
    expect(
      (
        await pair.owner.web.post(`/packages/${id}/edit`, {
          name: 'No-JS pack+',
          sessionCount: '8',
          price: '330',
          validityDays: '30',
        })
      ).status,
    ).toBe(303);

    const client = await createClient(t, pair.owner.actor, { name: 'Nora Nojs' });
    const sellPage = await pair.owner.web.agent.get(`/packages/sell-form?clientId=${client.id}`);
    expect(sellPage.status).toBe(200);
    expect(sellPage.text).toContain('Sell a package to Nora Nojs');
    const sold = await pair.owner.web.post('/packages/sell', {
      clientId: client.id,
      packageId: id,
      price: '',
      paymentMethod: 'cash',
      paid: 'now',
      origin: 'client',
    });
    expect(sold.status).toBe(303);
    expect(sold.headers.location).toBe(`/clients/${client.id}`);
    const credits = await pair.owner.web.agent.get(`/clients/${client.id}/credits`);
    expect(credits.status).toBe(200);
    expect(credits.text).toContain('8 credits');
    expect(credits.text).toContain('No-JS pack+');

    const deactivated = await pair.owner.web.post(`/packages/${id}/deactivate`, {});
    expect(deactivated.status).toBe(303);
    const refused = await pair.owner.web.post(`/packages/${id}/delete`, {});
    expect(refused.status).toBe(409);
  });

  it('sells with htmx from the client page: creditsChanged and closeModal, then the fragment shows the balance', async () => {
    const client = await createClient(t, pair.owner.actor, { name: 'Hana Htmx' });
    const pkg = await createPackage(t, pair.owner.actor, { name: 'Ten pack', sessionCount: 10 });
    const page = await pair.owner.web.agent.get(`/clients/${client.id}`);
    expect(page.text).toContain(`hx-get="/clients/${client.id}/credits"`);
    const res = await htmxPost('/packages/sell', {
      clientId: client.id,
      packageId: pkg.id,
      paymentMethod: 'card',
      paid: 'now',
      origin: 'client',
    });
    expect(res.status).toBe(200);
    expect(Object.keys(JSON.parse(res.headers['hx-trigger'] ?? '{}'))).toEqual(
      expect.arrayContaining(['creditsChanged', 'closeModal']),
    );
    const fragment = await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL);
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toContain('10 credits');
  });

  it('reports a missing payment method on the sell form (422) and shows what is owed for a "pays later" sale', async () => {
    const client = await createClient(t, pair.owner.actor, { name: 'Owen Owes' });
    const pkg = await createPackage(t, pair.owner.actor, { priceMinor: 12_000 });
    const missing = await htmxPost('/packages/sell', {
      clientId: client.id,
      packageId: pkg.id,
      paymentMethod: '',
      paid: 'now',
    });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Choose how they paid.');
    await sellPackage(t, pair.owner.actor, client.id, { packageId: pkg.id, paid: false });
    const fragment = await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL);
    expect(fragment.text).toContain('Owes £120.00');
  });

  it('lists packages naturally (by session count, then name) and labels sell options without repeating the count', async () => {
    const { owner } = await createTenantPair(t);
    for (const [name, sessionCount] of [
      ['20 sessions', 20],
      ['Intro', 1],
      ['10 sessions', 10],
      ['5 sessions', 5],
    ] as const) {
      await createPackage(t, owner.actor, { name, sessionCount, priceMinor: sessionCount * 5000 });
    }
    const page = await owner.web.agent.get('/packages');
    const names = [
      ...page.text.matchAll(/<span class="font-semibold break-words text-slate-900">([^<]+)<\/span>/g),
    ].map((m) => m[1]);
    expect(names).toEqual(['Intro', '5 sessions', '10 sessions', '20 sessions']);
    const form = await owner.web.agent.get('/packages/sell-form').set(PARTIAL);
    const options = [...form.text.matchAll(/<option value="[0-9a-f-]{36}">([^<]+)<\/option>/g)].map((m) => m[1]);
    expect(options).toEqual([
      'Intro · 1 session · £50.00',
      '5 sessions · £250.00',
      '10 sessions · £500.00',
      '20 sessions · £1,000.00',
    ]);
    expect(form.text).toContain('data-pays-later');
  });

  it('ignores "Paid by" for a "pays later" sale, even when it holds nonsense', async () => {
    const client = await createClient(t, pair.owner.actor, { name: 'Later Larry' });
    const pkg = await createPackage(t, pair.owner.actor, { priceMinor: 9_000 });
    const res = await pair.owner.web.post('/packages/sell', {
      clientId: client.id,
      packageId: pkg.id,
      paid: 'later',
      paymentMethod: 'cheque',
      origin: 'client',
    });
    expect(res.status).toBe(303);
    const credits = await pair.owner.web.agent.get(`/clients/${client.id}/credits`);
    expect(credits.text).toContain('Owes £90.00');
  });

  it('hides another trainer’s packages and clients (404)', async () => {
    const pkg = await createPackage(t, pair.owner.actor);
    const client = await createClient(t, pair.owner.actor);
    await expectWebRoutesHidden(pair, [
      { method: 'get', path: `/packages/${pkg.id}/edit-form` },
      { method: 'post', path: `/packages/${pkg.id}/edit`, body: { name: 'x', sessionCount: '1', price: '1' } },
      { method: 'post', path: `/packages/${pkg.id}/deactivate` },
      { method: 'post', path: `/packages/${pkg.id}/delete` },
      { method: 'get', path: `/clients/${client.id}/credits` },
      {
        method: 'post',
        path: '/packages/sell',
        body: { clientId: client.id, packageId: pkg.id, paymentMethod: 'cash', paid: 'now' },
      },
    ]);
  });
});
