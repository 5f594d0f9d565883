import { describe, expect, it } from '@jest/globals';
import { UnsubscribeTokens } from '../../../src/modules/notifications/unsubscribe-token.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

/** Handlebars' escapes undone, as a browser reads the page. */
function html(res: { text: string }): string {
  return res.text
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');
}

async function optOutOf(clientId: string): Promise<Date | null> {
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

/** Flips one character of a token, keeping it the right shape so only the signature can tell. */
function forge(token: string): string {
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  return token.slice(0, -1) + last;
}

describe('UnsubscribeWebController', () => {
  const t = useTestApp();

  async function setUp(name = 'Siobhán O’Brien') {
    const trainer = await createTrainer(t, { name: 'Łukasz Kowalski' });
    const client = await createClient(t, trainer.actor, { name });
    const token = t.app.get(UnsubscribeTokens).sign({ trainerId: trainer.actor.trainerId ?? '', clientId: client.id });
    return { trainer, client, token };
  }

  async function clientPage(trainer: TrainerFixture, clientId: string): Promise<string> {
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    return html(await web.agent.get(`/clients/${clientId}`).expect(200));
  }

  describe('GET /unsubscribe/:token', () => {
    it('asks to confirm, without a session and without opting out yet', async () => {
      const { client, token } = await setUp();
      const res = await t.http().get(`/unsubscribe/${token}`).expect(200);
      const page = html(res);
      expect(page).toContain('Stop emails from Łukasz Kowalski Training?');
      expect(page).toContain('Siobhán O’Brien, you’ll no longer get session reminders');
      expect(page).toContain(`<form method="post" action="/unsubscribe/${token}"`);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(await optOutOf(client.id)).toBeNull();
    });

    it('answers a forged or mangled token with 404, never a 500', async () => {
      const { token } = await setUp();
      for (const bad of [forge(token), 'nope', 'a'.repeat(66), 'x'.repeat(190), `${token}.png`]) {
        const res = await t.http().get(`/unsubscribe/${bad}`);
        expect(res.status).toBe(404);
        expect(res.text).toContain('This unsubscribe link is not valid.');
      }
      // A NUL byte is refused before any handler runs (the body guard): a 400, still not a 500.
      expect((await t.http().get('/unsubscribe/%00')).status).toBe(400);
    });
  });

  describe('POST /unsubscribe/:token', () => {
    it('opts out on a one-click POST from a mail provider: no cookie, no CSRF token, another origin', async () => {
      const { client, token } = await setUp();
      const res = await t
        .http()
        .post(`/unsubscribe/${token}`)
        .set('origin', 'https://mail.example.com')
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect(html(res)).toContain('You’re unsubscribed');
      expect(await optOutOf(client.id)).toBeInstanceOf(Date);
    });

    it('accepts the one-click body as multipart/form-data (RFC 8058’s own example)', async () => {
      const { client, token } = await setUp();
      await t.http().post(`/unsubscribe/${token}`).field('List-Unsubscribe', 'One-Click').expect(200);
      expect(await optOutOf(client.id)).toBeInstanceOf(Date);
    });

    it('keeps the first opt-out time when the link is used again', async () => {
      const { client, token } = await setUp();
      await t.http().post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
      const first = await optOutOf(client.id);
      await t.http().post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
      expect(await optOutOf(client.id)).toEqual(first);
      expect(html(await t.http().get(`/unsubscribe/${token}`).expect(200))).toContain('You’re unsubscribed');
    });

    it('answers a forged token with 404 and opts nobody out', async () => {
      const { client, token } = await setUp();
      const res = await t
        .http()
        .post(`/unsubscribe/${forge(token)}`)
        .type('form')
        .send('List-Unsubscribe=One-Click');
      expect(res.status).toBe(404);
      expect(await optOutOf(client.id)).toBeNull();
    });

    it('is tenant-safe: a genuine token naming another trainer’s client opts nobody out', async () => {
      const a = await setUp();
      const b = await setUp('Ελένη');
      const crossed = t.app
        .get(UnsubscribeTokens)
        .sign({ trainerId: a.trainer.actor.trainerId ?? '', clientId: b.client.id });
      expect((await t.http().get(`/unsubscribe/${crossed}`)).status).toBe(404);
      expect(
        (await t.http().post(`/unsubscribe/${crossed}`).type('form').send('List-Unsubscribe=One-Click')).status,
      ).toBe(404);
      expect(await optOutOf(b.client.id)).toBeNull();
    });

    it('still refuses multipart bodies on other URLs', async () => {
      const res = await t.http().post('/api/v1/clients').field('name', 'Sam');
      expect(res.status).toBe(415);
    });
  });

  describe('the client page', () => {
    it('shows that the client opted out of emails', async () => {
      const { trainer, client, token } = await setUp('李小龍');
      expect(await clientPage(trainer, client.id)).not.toContain('id="client-email-notice"');
      await t.http().post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
      const page = await clientPage(trainer, client.id);
      expect(page).toContain('id="client-email-notice"');
      expect(page).toMatch(/Opted out of emails on \d{1,2} \w{3} \d{4}\./);
    });

    it('says a client without an email address gets no emails', async () => {
      const trainer = await createTrainer(t);
      const client = await createClient(t, trainer.actor, { name: 'Łukasz', email: null });
      expect(await clientPage(trainer, client.id)).toContain(
        'No email address: this client gets no reminders or notices.',
      );
    });
  });
});
