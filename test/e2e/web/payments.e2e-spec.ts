import { beforeAll, describe, expect, it } from '@jest/globals';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, sellPackage } from '../../factories/packages.factory.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectWebRoutesHidden, type TenantPair } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { daysFromNow } from '../../helpers/time.js';
import { csrfFrom } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

/** The markup with Handlebars' attribute escapes undone, as a browser reads it. */
const html = (text: string) => text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('PaymentsWebController', () => {
  const t = useTestApp();
  let pair: TenantPair;
  beforeAll(async () => {
    pair = await createTenantPair(t);
  });

  async function htmxPost(path: string, fields: Record<string, string>) {
    const token = csrfFrom((await pair.owner.web.agent.get('/settings')).text);
    return pair.owner.web.agent.post(path).set(PARTIAL).set('x-csrf-token', token).type('form').send(fields);
  }

  async function owing(name: string, priceMinor = 26_000) {
    const client = await createClient(t, pair.owner.actor, { name });
    const pkg = await createPackage(t, pair.owner.actor, { name: '10 sessions', sessionCount: 10, priceMinor });
    const { purchase } = await sellPackage(t, pair.owner.actor, client.id, { packageId: pkg.id, paid: false });
    return { client, pkg, purchaseId: purchase.id };
  }

  async function paymentRows(clientId: string) {
    const db = await rawClient();
    try {
      return (
        await db.query('select kind, amount_minor from payments where client_id = $1 order by created_at, id', [
          clientId,
        ])
      ).rows;
    } finally {
      await db.end();
    }
  }

  it('offers "Record payment" on the Owes line and the unpaid package row, and the form is prefilled', async () => {
    const { client, purchaseId } = await owing('Siobhán O’Brien');
    const credits = html((await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL)).text);
    expect(credits).toContain('Owes £260.00');
    expect(credits).toContain(`hx-get="/clients/${client.id}/payments/new"`);
    expect(credits).toContain(`href="/clients/${client.id}/payments/new?purchaseId=${purchaseId}"`);
    const form = await pair.owner.web.agent
      .get(`/clients/${client.id}/payments/new?purchaseId=${purchaseId}`)
      .set(PARTIAL);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('<html');
    expect(form.text).toContain('Record a payment from Siobhán O’Brien');
    expect(form.text).toContain('value="260.00"');
    expect(html(form.text)).toContain(
      `<option value="purchase:${purchaseId}" selected>10 sessions · £260.00 due</option>`,
    );
  });

  it('records a payment with htmx: the purchase is paid, the section refreshes, the history shows it', async () => {
    const { client, purchaseId } = await owing('Łukasz Nowak');
    const res = await htmxPost(`/clients/${client.id}/payments`, {
      amount: '260',
      method: 'transfer',
      paidOn: '',
      towards: `purchase:${purchaseId}`,
      note: '',
    });
    expect(res.status).toBe(200);
    expect(Object.keys(JSON.parse(res.headers['hx-trigger'] ?? '{}'))).toEqual(
      expect.arrayContaining(['paymentsChanged', 'creditsChanged', 'closeModal']),
    );
    expect(res.text).toContain('Recorded £260.00 from Łukasz Nowak.');
    const credits = await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL);
    expect(credits.text).not.toContain('Owes');
    expect(credits.text).toContain('data-testid="payment-history"');
    expect(credits.text).toMatch(/Payment<\/span> · 10 sessions[\s\S]*Bank transfer[\s\S]*£260.00/);
  });

  it('settles a completed pay-per-session session too', async () => {
    const client = await createClient(t, pair.owner.actor, { name: 'Ελένη Παππά' });
    const [bookingId] = await insertBookings(pair.owner.actor, client.id, [
      { start: daysFromNow(-2), status: 'completed', priceMinor: 4500 },
    ]);
    const form = await pair.owner.web.agent.get(`/clients/${client.id}/payments/new`).set(PARTIAL);
    expect(html(form.text)).toContain(`value="booking:${bookingId}" selected`);
    const res = await htmxPost(`/clients/${client.id}/payments`, {
      amount: '45',
      method: 'cash',
      towards: `booking:${bookingId}`,
    });
    expect(res.status).toBe(200);
    const db = await rawClient();
    try {
      expect((await db.query('select paid from bookings where id = $1', [bookingId])).rows).toEqual([{ paid: true }]);
    } finally {
      await db.end();
    }
  });

  it('re-renders the form with field errors (422) and records nothing', async () => {
    const { client } = await owing('Bad Input');
    const res = await htmxPost(`/clients/${client.id}/payments`, {
      amount: 'lots',
      method: 'cheque',
      paidOn: '2026-02-31',
      towards: 'purchase:nope',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="lots"');
    expect(res.text).toContain('id="payment-amount-errors"');
    expect(res.text).toContain('id="payment-method-errors"');
    expect(res.text).toContain('id="payment-paidOn-errors"');
    expect(res.text).toContain('id="payment-towards-errors"');
    expect(await paymentRows(client.id)).toEqual([]);
  });

  it('works without JavaScript: the form is a page, the post redirects to the client page with a flash', async () => {
    const { client, purchaseId } = await owing('Nadia Nojs');
    const page = await pair.owner.web.agent.get(`/clients/${client.id}/payments/new`);
    expect(page.text).toContain('<html');
    expect(page.text).toContain(`action="/clients/${client.id}/payments"`);
    const res = await pair.owner.web.post(`/clients/${client.id}/payments`, {
      amount: '100',
      method: 'cash',
      towards: `purchase:${purchaseId}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/clients/${client.id}`);
    const credits = await pair.owner.web.agent.get(`/clients/${client.id}/credits`);
    expect(credits.text).toContain('Owes £160.00');
  });

  it('refunds part of a payment as its own row, and refuses more than is left (422 field error)', async () => {
    const { client, purchaseId } = await owing('Refund Rita', 10_000);
    await htmxPost(`/clients/${client.id}/payments`, {
      amount: '100',
      method: 'card',
      towards: `purchase:${purchaseId}`,
    });
    const credits = html((await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL)).text);
    const paymentId = /\/payments\/([0-9a-f-]{36})\/refund-form/.exec(credits)?.[1] ?? '';
    const form = await pair.owner.web.agent.get(`/clients/${client.id}/payments/${paymentId}/refund-form`).set(PARTIAL);
    expect(form.text).toContain('Refund Refund Rita');
    expect(form.text).toContain('At most £100.00.');
    expect(
      (
        await htmxPost(`/clients/${client.id}/payments/${paymentId}/refunds`, {
          amount: '30',
          method: 'card',
          note: 'Missed two',
        })
      ).status,
    ).toBe(200);
    const over = await htmxPost(`/clients/${client.id}/payments/${paymentId}/refunds`, {
      amount: '70.01',
      method: 'card',
    });
    expect(over.status).toBe(422);
    expect(over.text).toContain('Refund at most £70.00');
    expect(await paymentRows(client.id)).toEqual([
      { kind: 'payment', amount_minor: 10_000 },
      { kind: 'refund', amount_minor: -3_000 },
    ]);
    const after = (await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL)).text;
    expect(after).toContain('−£30.00');
    expect(after).toContain('£30.00 refunded');
    expect(after).not.toContain('Owes');
  });

  it('corrects a payment with a row for the difference; the debt comes back when it no longer covers the price', async () => {
    const { client, purchaseId } = await owing('Correct Carl', 20_500);
    await htmxPost(`/clients/${client.id}/payments`, {
      amount: '250',
      method: 'cash',
      towards: `purchase:${purchaseId}`,
    });
    const credits = html((await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL)).text);
    const paymentId = /\/payments\/([0-9a-f-]{36})\/correction-form/.exec(credits)?.[1] ?? '';
    const missingNote = await htmxPost(`/clients/${client.id}/payments/${paymentId}/corrections`, {
      amount: '200',
      note: '',
    });
    expect(missingNote.status).toBe(422);
    expect(missingNote.text).toContain('Say what was wrong');
    const res = await htmxPost(`/clients/${client.id}/payments/${paymentId}/corrections`, {
      amount: '200',
      note: 'Typed 250 instead of 200.',
    });
    expect(res.status).toBe(200);
    expect(await paymentRows(client.id)).toEqual([
      { kind: 'payment', amount_minor: 25_000 },
      { kind: 'correction', amount_minor: -5_000 },
    ]);
    const after = (await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL)).text;
    expect(after).toContain('Owes £5.00');
    expect(after).toContain('now £200.00');
  });

  it('after a "pays later" sale from the modal, offers to record the payment straight away', async () => {
    const client = await createClient(t, pair.owner.actor, { name: '李小龍' });
    const pkg = await createPackage(t, pair.owner.actor, { name: 'Intro', sessionCount: 3, priceMinor: 9_000 });
    const res = await htmxPost('/packages/sell', {
      clientId: client.id,
      packageId: pkg.id,
      paid: 'later',
      paymentMethod: 'cheque',
      origin: 'client',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Package sold');
    expect(res.text).toContain('to be paid later');
    expect(html(res.text)).toMatch(
      new RegExp(`hx-get="/clients/${client.id}/payments/new\\?purchaseId=[0-9a-f-]{36}"`),
    );
    expect(Object.keys(JSON.parse(res.headers['hx-trigger'] ?? '{}'))).toEqual(
      expect.arrayContaining(['creditsChanged', 'packagesChanged']),
    );
    expect(await paymentRows(client.id)).toEqual([]);
  });

  it('hides another trainer’s clients and payments (404)', async () => {
    const { client, purchaseId } = await owing('Private Pat');
    await htmxPost(`/clients/${client.id}/payments`, {
      amount: '10',
      method: 'cash',
      towards: `purchase:${purchaseId}`,
    });
    const credits = html((await pair.owner.web.agent.get(`/clients/${client.id}/credits`).set(PARTIAL)).text);
    const paymentId = /\/payments\/([0-9a-f-]{36})\/refund-form/.exec(credits)?.[1] ?? '';
    const other = await createClient(t, pair.owner.actor, { name: 'Other Client' });
    await expectWebRoutesHidden(pair, [
      { method: 'get', path: `/clients/${client.id}/payments/new` },
      { method: 'post', path: `/clients/${client.id}/payments`, body: { amount: '10', method: 'cash' } },
      { method: 'get', path: `/clients/${client.id}/payments/${paymentId}/refund-form` },
      {
        method: 'post',
        path: `/clients/${client.id}/payments/${paymentId}/refunds`,
        body: { amount: '1', method: 'cash' },
      },
      { method: 'get', path: `/clients/${client.id}/payments/${paymentId}/correction-form` },
      {
        method: 'post',
        path: `/clients/${client.id}/payments/${paymentId}/corrections`,
        body: { amount: '1', note: 'x' },
      },
    ]);
    // The owner's own other client cannot reach this payment through their URL either.
    expect((await pair.owner.web.agent.get(`/clients/${other.id}/payments/${paymentId}/refund-form`)).status).toBe(404);
    expect(await paymentRows(client.id)).toEqual([{ kind: 'payment', amount_minor: 1000 }]);
  });
});
