import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectWebRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

function html(res: { text: string }): string {
  return res.text
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

async function optOut(clientId: string, at = '2031-03-04T10:00:00Z'): Promise<void> {
  const db = await rawClient();
  try {
    await db.query('update clients set email_opt_out_at = $2 where id = $1', [clientId, at]);
  } finally {
    await db.end();
  }
}

async function optedOutAt(clientId: string): Promise<Date | null> {
  const db = await rawClient();
  try {
    const { rows } = await db.query<{ email_opt_out_at: Date | null }>(
      'select email_opt_out_at from clients where id = $1',
      [clientId],
    );
    return rows[0]?.email_opt_out_at ?? null;
  } finally {
    await db.end();
  }
}

describe('Turning a client’s emails back on (POST /clients/:id/email-opt-in)', () => {
  const t = useTestApp();

  async function optedOutClient(name = 'Siobhán O’Brien') {
    const trainer = await createTrainer(t, { name: 'Łukasz Kowalski', timeZone: 'Europe/London' });
    const client = await createClient(t, trainer.actor, { name, email: 'siobhan@example.test' });
    await optOut(client.id);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const token = await web.csrf(`/clients/${client.id}`);
    return { trainer, client, web, token };
  }

  it('shows the unsubscribe with its date on the client page, with a form to turn emails back on', async () => {
    const { client, web } = await optedOutClient();
    const page = html(await web.agent.get(`/clients/${client.id}`).expect(200));
    expect(page).toContain('id="client-email-notice"');
    expect(page).toContain(
      '<strong class="font-semibold">Opted out of emails on 4 Mar 2031.</strong> This client gets no reminders or notices.',
    );
    expect(page).toContain(`<form method="post" action="/clients/${client.id}/email-opt-in"`);
    expect(page).toContain(`hx-post="/clients/${client.id}/email-opt-in" hx-target="#client-email-notice"`);
    expect(page).toContain('Turn emails back on');
    expect(page).toContain('Only do this if Siobhán O’Brien asks you to: they unsubscribed themselves.');
  });

  it('shows it in the edit form too, as a form of its own, in the dialog and as a page', async () => {
    const { client, web } = await optedOutClient();
    const dialog = html(await web.agent.get(`/clients/${client.id}/edit-form?origin=detail`).set(PARTIAL).expect(200));
    expect(dialog).toContain('id="client-form-email-notice"');
    expect(dialog).toContain('name="from" value="form"');
    // Its own form, closed before the edit form starts: forms cannot nest.
    const notice = dialog.indexOf('id="client-form-email-notice"');
    expect(notice).toBeLessThan(dialog.indexOf(`action="/clients/${client.id}/edit"`));
    expect(dialog.slice(notice, dialog.indexOf(`action="/clients/${client.id}/edit"`))).toContain('</form>');
    const page = html(await web.agent.get(`/clients/${client.id}/edit-form`).expect(200));
    expect(page).toContain('<html');
    expect(page).toContain('Opted out of emails on 4 Mar 2031.');
  });

  it('says a client without an email address gets no reminders or notices, with nothing to turn on', async () => {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor, { name: 'Ελένη', email: null });
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const page = html(await web.agent.get(`/clients/${client.id}`).expect(200));
    expect(page).toContain('No email address: this client gets no reminders or notices.');
    expect(page).not.toContain('email-opt-in');
  });

  it('shows nothing for a client who gets emails', async () => {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor, { name: '李小龍', email: 'li@example.test' });
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const page = html(await web.agent.get(`/clients/${client.id}`).expect(200));
    expect(page).not.toContain('client-email-notice');
  });

  it('without JavaScript: turns emails back on and returns to the client page with a toast', async () => {
    const { client, web, token } = await optedOutClient();
    const res = await web.agent
      .post(`/clients/${client.id}/email-opt-in`)
      .type('form')
      .send({ _csrf: token, from: 'detail', origin: 'detail' })
      .expect(303);
    expect(res.headers.location).toBe(`/clients/${client.id}`);
    expect(await optedOutAt(client.id)).toBeNull();
    const page = html(await web.agent.get(res.headers.location ?? '').expect(200));
    expect(page).toContain('Emails are back on for Siobhán O’Brien.');
    expect(page).not.toContain('id="client-email-notice"');
  });

  it('without JavaScript, from the edit form: returns to the edit form it came from', async () => {
    const { client, web, token } = await optedOutClient();
    const res = await web.agent
      .post(`/clients/${client.id}/email-opt-in`)
      .type('form')
      .send({ _csrf: token, from: 'form', origin: 'detail', view: 'archived' })
      .expect(303);
    expect(res.headers.location).toBe(`/clients/${client.id}/edit-form?origin=detail&view=archived`);
    expect(await optedOutAt(client.id)).toBeNull();
  });

  it('with htmx: removes the notice, toasts, and tells the client page behind the edit dialog', async () => {
    const { client, web, token } = await optedOutClient();
    const fromPage = await web.agent
      .post(`/clients/${client.id}/email-opt-in`)
      .set({ ...PARTIAL, 'x-csrf-token': token })
      .type('form')
      .send({ from: 'detail' })
      .expect(200);
    expect(fromPage.headers['hx-reswap']).toBe('delete');
    expect(html(fromPage)).toContain('Emails are back on for Siobhán O’Brien.');
    expect(fromPage.headers['hx-trigger']).toBeUndefined();
    expect(await optedOutAt(client.id)).toBeNull();

    await optOut(client.id);
    const fromForm = await web.agent
      .post(`/clients/${client.id}/email-opt-in`)
      .set({ ...PARTIAL, 'x-csrf-token': token })
      .type('form')
      .send({ from: 'form' })
      .expect(200);
    expect(fromForm.headers['hx-reswap']).toBe('delete');
    expect(JSON.parse(String(fromForm.headers['hx-trigger']))).toHaveProperty('clientEmailsChanged');
    expect(await optedOutAt(client.id)).toBeNull();
  });

  it('refuses a post without the CSRF token, and keeps the opt-out', async () => {
    const { client, web } = await optedOutClient();
    await web.agent.post(`/clients/${client.id}/email-opt-in`).type('form').send({ from: 'detail' }).expect(403);
    await web.agent
      .post(`/clients/${client.id}/email-opt-in`)
      .set(PARTIAL)
      .type('form')
      .send({ from: 'detail' })
      .expect(403);
    expect(await optedOutAt(client.id)).toEqual(new Date('2031-03-04T10:00:00Z'));
  });

  it('hides another trainer’s client: 404, and the opt-out stays', async () => {
    const pair = await createTenantPair(t);
    const client = await createClient(t, pair.owner.actor, { name: 'Siobhán O’Brien' });
    await optOut(client.id);
    await expectWebRoutesHidden(pair, [{ method: 'post', path: `/clients/${client.id}/email-opt-in` }]);
    expect(await optedOutAt(client.id)).toEqual(new Date('2031-03-04T10:00:00Z'));
  });
});
