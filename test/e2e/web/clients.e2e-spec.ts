import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTrainer } from '../../factories/accounts.factory.js';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, sellPackage } from '../../factories/packages.factory.js';
import { daysFromNow } from '../../helpers/time.js';
import { createTenantPair, expectWebRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

/** The markup with Handlebars' attribute escapes undone ("&#x3D;" for "=", "&amp;" for "&"), as a browser reads it. */
function html(res: { text: string }): string {
  return res.text
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('ClientsWebController', () => {
  const t = useTestApp();

  async function signedIn(overrides: { timeZone?: string } = {}) {
    const trainer = await createTrainer(t, overrides);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const token = await web.csrf('/clients');
    /** An htmx request from the page: the partial headers plus the CSRF header htmx sends. */
    const hx = (extra: Record<string, string> = {}) => ({ ...PARTIAL, 'x-csrf-token': token, ...extra });
    return { trainer, web, token, hx };
  }

  describe('GET /clients', () => {
    it('renders the full page with search, filters, the list and the New client action', async () => {
      const { trainer, web } = await signedIn();
      await createClient(t, trainer.actor, { name: 'Priya Shah' });
      const res = await web.agent.get('/clients').expect(200);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('id="clients-list"');
      expect(res.text).toContain('hx-get="/clients/partial"');
      expect(res.text).toContain('hx-trigger="input changed delay:300ms, search"');
      expect(res.text).toContain('hx-trigger="clientsChanged from:body"');
      expect(res.text).toMatch(/<form id="clients-filters" method="get" action="\/clients"/);
      expect(res.text).toContain('hx-get="/clients/create-form"');
      expect(res.text).toContain('Priya Shah');
      expect(res.text).toMatch(/<a href="\/clients" class="nav-link" aria-current="page">/);
      expect(res.headers.vary).toContain('HX-Request');
    });

    it('answers with and without a trailing slash', async () => {
      const { web } = await signedIn();
      await web.agent.get('/clients/').expect(200);
      await web.agent.get('/clients/partial/').expect(200);
    });

    it('sends a signed-out visitor to log in', async () => {
      const res = await t.http().get('/clients').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Fclients');
    });

    it('shows the empty state with the action that fills it', async () => {
      const { web } = await signedIn();
      const res = await web.agent.get('/clients').expect(200);
      expect(res.text).toContain('No clients yet');
      expect(res.text).toContain('Add your first client');
    });

    it('searches without JavaScript as a plain GET form, and says when nothing matches', async () => {
      const { trainer, web } = await signedIn();
      await createClient(t, trainer.actor, { name: 'Priya Shah', email: 'priya@gym.test' });
      await createClient(t, trainer.actor, { name: 'Tom Jones', email: 'tom@mail.test' });
      const hit = await web.agent.get('/clients?q=gym').expect(200);
      expect(hit.text).toContain('Priya Shah');
      expect(hit.text).not.toContain('Tom Jones');
      expect(hit.text).toContain('value="gym"');
      const miss = await web.agent.get('/clients?q=zzz').expect(200);
      expect(miss.text).toContain('No clients match “zzz”');
    });

    it('paginates by page number with stable order', async () => {
      const { trainer, web } = await signedIn();
      for (let i = 1; i <= 27; i += 1)
        await createClient(t, trainer.actor, { name: `Client ${String(i).padStart(2, '0')}` });
      const first = await web.agent.get('/clients').expect(200);
      expect(first.text).toContain('Client 25');
      expect(first.text).not.toContain('Client 26');
      expect(html(first)).toContain('href="/clients?page=2"');
      expect(first.text).toContain('1–25 of 27 active clients');
      const second = await web.agent.get('/clients?page=2').expect(200);
      expect(second.text).toContain('Client 26');
      expect(second.text).toContain('Client 27');
      expect(second.text).not.toContain('Client 25');
      // Past the end shows the last page rather than an empty one.
      const beyond = await web.agent.get('/clients?page=9').expect(200);
      expect(beyond.text).toContain('Client 27');
    });

    it('shows upcoming sessions and the last visit on each row, in the trainer’s time zone', async () => {
      const { trainer, web } = await signedIn({ timeZone: 'America/New_York' });
      const client = await createClient(t, trainer.actor, { name: 'Busy Bee' });
      const next = daysFromNow(3, 14);
      await insertBookings(trainer.actor, client.id, [
        { start: daysFromNow(-4, 14), status: 'completed' },
        { start: next, status: 'confirmed' },
        { start: daysFromNow(5, 14), status: 'pending' },
      ]);
      const res = await web.agent.get('/clients').expect(200);
      expect(res.text).toContain('2 upcoming');
      // 14:00 UTC is 09:00 or 10:00 in New York, never 14:00.
      expect(res.text).toMatch(/Next \w{3} \d{1,2} \w{3}, (09|10):00/);
      expect(res.text).not.toContain('Never');
    });
  });

  describe('sorting, credits and the count', () => {
    async function threeClients() {
      const ctx = await signedIn();
      const { trainer } = ctx;
      const amy = await createClient(t, trainer.actor, { name: 'Amy Able' });
      const ben = await createClient(t, trainer.actor, { name: 'ben Baker' });
      const cat = await createClient(t, trainer.actor, { name: 'Cat Cole' });
      const ten = await createPackage(t, trainer.actor, { name: 'Ten', sessionCount: 10 });
      const five = await createPackage(t, trainer.actor, { name: 'Five', sessionCount: 5 });
      await sellPackage(t, trainer.actor, ben.id, { packageId: ten.id });
      await sellPackage(t, trainer.actor, cat.id, { packageId: five.id });
      await insertBookings(trainer.actor, amy.id, [{ start: daysFromNow(-2), status: 'completed' }]);
      await insertBookings(trainer.actor, cat.id, [{ start: daysFromNow(-20), status: 'completed' }]);
      return ctx;
    }
    const order = (text: string) =>
      [...text.matchAll(/class="rounded font-semibold[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);

    it('shows a credits column and sorts by name (case-insensitive) by default, with aria-sort', async () => {
      const { web } = await threeClients();
      const res = await web.agent.get('/clients').expect(200);
      expect(order(res.text)).toEqual(['Amy Able', 'ben Baker', 'Cat Cole']);
      expect(res.text).toContain('10 credits');
      expect(res.text).toContain('5 credits');
      expect(html(res)).toMatch(/<th scope="col"[^>]*aria-sort="ascending"><a href="\/clients\?sort=name&dir=desc"/);
      expect(html(res)).toMatch(/aria-sort="none"><a href="\/clients\?sort=last-visit&dir=desc"/);
      expect(res.text).toContain('3 active clients');
    });

    it('sorts by credits and by last visit without JavaScript (plain links), nulls last', async () => {
      const { web } = await threeClients();
      const byCredits = await web.agent.get('/clients?sort=credits&dir=desc').expect(200);
      expect(order(byCredits.text)).toEqual(['ben Baker', 'Cat Cole', 'Amy Able']);
      expect(byCredits.text).toContain('aria-sort="descending"');
      expect(order((await web.agent.get('/clients?sort=credits&dir=asc')).text)).toEqual([
        'Amy Able',
        'Cat Cole',
        'ben Baker',
      ]);
      expect(order((await web.agent.get('/clients?sort=last-visit&dir=desc')).text)).toEqual([
        'Amy Able',
        'Cat Cole',
        'ben Baker',
      ]);
      expect(order((await web.agent.get('/clients?sort=last-visit&dir=asc')).text)).toEqual([
        'ben Baker',
        'Cat Cole',
        'Amy Able',
      ]);
      // The fragment keeps the order and the filters in its refresh URL.
      const fragment = html(
        await web.agent.get('/clients/partial?sort=credits&dir=desc&status=all').set(PARTIAL).expect(200),
      );
      expect(fragment).toContain('hx-get="/clients/partial?status=all&sort=credits&dir=desc"');
      expect(order(fragment)).toEqual(['ben Baker', 'Cat Cole', 'Amy Able']);
    });

    it('ignores an unknown sort and reads the count naturally across pages', async () => {
      const { trainer, web } = await signedIn();
      for (let i = 1; i <= 26; i += 1)
        await createClient(t, trainer.actor, { name: `Client ${String(i).padStart(2, '0')}` });
      const first = await web.agent.get('/clients?sort=password&dir=sideways').expect(200);
      expect(first.text).toContain('Showing 1–25 of 26 active clients');
      expect(first.text).toContain('Client 01');
      const second = await web.agent.get('/clients?page=2').expect(200);
      expect(second.text).toContain('Showing 26 of 26 active clients');
    });
  });

  describe('GET /clients/partial', () => {
    it('answers the list fragment only, with Vary and the page URL for the address bar', async () => {
      const { trainer, web } = await signedIn();
      await createClient(t, trainer.actor, { name: 'Amy Brook' });
      await createClient(t, trainer.actor, { name: 'Zed Adams' });
      const res = await web.agent.get('/clients/partial?q=amy&status=all').set(PARTIAL).expect(200);
      expect(res.text).not.toContain('<html');
      expect(res.text.trimStart().startsWith('<div id="clients-list"')).toBe(true);
      expect(res.text).toContain('Amy Brook');
      expect(res.text).not.toContain('Zed Adams');
      expect(html(res)).toContain('hx-get="/clients/partial?q=amy&status=all"');
      expect(res.headers['hx-replace-url']).toBe('/clients?q=amy&status=all');
      expect(res.headers.vary).toContain('HX-Request');
    });

    it('filters archived clients', async () => {
      const { trainer, web } = await signedIn();
      const archived = await createClient(t, trainer.actor, { name: 'Old Friend' });
      await createClient(t, trainer.actor, { name: 'New Friend' });
      await web.post(`/clients/${archived.id}/archive`, {}, '/clients');
      const active = await web.agent.get('/clients/partial').set(PARTIAL).expect(200);
      expect(active.text).toContain('New Friend');
      expect(active.text).not.toContain('Old Friend');
      const onlyArchived = await web.agent.get('/clients/partial?status=archived').set(PARTIAL).expect(200);
      expect(onlyArchived.text).toContain('Old Friend');
      expect(onlyArchived.text).not.toContain('New Friend');
    });

    it('is the same list for a full-page request of /clients with htmx partial headers', async () => {
      const { web } = await signedIn();
      const res = await web.agent.get('/clients').set(PARTIAL).expect(200);
      expect(res.text).not.toContain('<html');
      expect(res.text).toContain('id="clients-list"');
    });

    it('renders the whole page for a boosted navigation', async () => {
      const { web } = await signedIn();
      const res = await web.agent.get('/clients').set({ 'HX-Request': 'true', 'HX-Request-Type': 'full' }).expect(200);
      expect(res.text).toContain('<html');
    });
  });

  describe('create', () => {
    it('serves the form as a modal fragment to htmx and as a page without it', async () => {
      const { web } = await signedIn();
      const fragment = await web.agent.get('/clients/create-form').set(PARTIAL).expect(200);
      expect(fragment.text).not.toContain('<html');
      expect(fragment.text.trimStart().startsWith('<h2 id="modal-title">New client</h2>')).toBe(true);
      expect(fragment.text).toContain('hx-post="/clients/create"');
      expect(fragment.text).toContain('name="_csrf"');
      const page = await web.agent.get('/clients/create-form').expect(200);
      expect(page.text).toContain('<html');
      expect(page.text).toContain('action="/clients/create"');
      expect(page.text).not.toContain('hx-post="/clients/create"');
    });

    it('answers htmx with HX-Trigger to refresh the list and close the modal, and a toast', async () => {
      const { web, hx } = await signedIn();
      const res = await web.agent
        .post('/clients/create')
        .set(hx())
        .type('form')
        .send({ name: 'Robin Hood', email: 'robin@sherwood.test', phone: '', notes: '' })
        .expect(200);
      expect(JSON.parse(res.headers['hx-trigger'])).toEqual({
        clientsChanged: { target: 'body' },
        closeModal: { target: 'body' },
      });
      expect(res.text).toContain('Robin Hood added.');
      const list = await web.agent.get('/clients/partial').set(PARTIAL).expect(200);
      expect(list.text).toContain('Robin Hood');
      expect(list.text).toContain('robin@sherwood.test');
    });

    it('re-renders the form fragment with 422, field messages and the typed values', async () => {
      const { web, hx } = await signedIn();
      const res = await web.agent
        .post('/clients/create')
        .set(hx())
        .type('form')
        .send({ name: '', email: 'robin@', phone: 'ring me', notes: 'Keep this note' })
        .expect(422);
      expect(res.text).not.toContain('<html');
      expect(res.text).toContain('id="modal-title"');
      expect(res.text).toContain('Enter the client’s name.');
      expect(res.text).toContain('Enter an email address like sam@example.com');
      expect(res.text).toContain('Enter a phone number such as');
      expect(res.text).toContain('value="robin@"');
      expect(res.text).toContain('Keep this note</textarea>');
      expect(res.text).toMatch(/id="client-name"[^>]*autofocus[^>]*aria-invalid="true"/);
      expect(res.headers['hx-trigger']).toBeUndefined();
    });

    it('works without JavaScript: 303 to /clients, then a flash', async () => {
      const { web } = await signedIn();
      const res = await web.post(
        '/clients/create',
        { name: 'Plain Form', email: '', phone: '07700 900123', notes: '' },
        '/clients/create-form',
      );
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/clients');
      const page = await web.agent.get('/clients').expect(200);
      expect(page.text).toContain('Plain Form added.');
      expect(page.text).toContain('07700 900123');
    });

    it('re-renders the whole page with 422 for a plain post', async () => {
      const { web } = await signedIn();
      const res = await web.post(
        '/clients/create',
        { name: 'x'.repeat(201), email: '', phone: '', notes: '' },
        '/clients/create-form',
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Use at most 200 characters.');
    });

    it('refuses a post without the CSRF token', async () => {
      const { web } = await signedIn();
      await web.agent.post('/clients/create').type('form').send({ name: 'Forged' }).expect(403);
    });
  });

  describe('detail', () => {
    it('shows contact, notes, upcoming and past sessions with status badges and the packages placeholder', async () => {
      const { trainer, web } = await signedIn({ timeZone: 'Europe/London' });
      const client = await createClient(t, trainer.actor, {
        name: 'Dana Scully',
        email: 'dana@fbi.test',
        notes: 'Prefers 7am.\nBad shoulder.',
      });
      await insertBookings(trainer.actor, client.id, [
        { start: daysFromNow(-7, 7), status: 'completed' },
        { start: daysFromNow(-6, 7), status: 'no_show' },
        { start: daysFromNow(-5, 7), status: 'cancelled' },
        { start: daysFromNow(6, 7), status: 'confirmed' },
      ]);
      const res = await web.agent.get(`/clients/${client.id}`).expect(200);
      expect(res.text).toContain('<h1');
      expect(res.text).toContain('Dana Scully');
      expect(res.text).toContain('href="mailto:dana@fbi.test"');
      expect(res.text).toContain('Prefers 7am.\nBad shoulder.');
      expect(res.text).toContain('Upcoming sessions');
      expect(res.text).toContain('Past sessions');
      expect(res.text).toContain('badge badge-confirmed');
      expect(res.text).toContain('badge badge-completed');
      expect(res.text).toContain('badge badge-no_show');
      expect(res.text).toContain('<s>Cancelled</s>');
      expect(res.text).toContain('Packages and credits');
      expect(res.text).toContain(`hx-get="/clients/${client.id}/credits"`);
      expect(html(res)).toContain(`/bookings/create-form?clientId=${client.id}`);
      // Booking from this page refreshes it.
      expect(res.text).toContain('hx-trigger="bookingsChanged from:body" hx-select="#client-detail"');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      const { web } = await signedIn();
      await web.agent.get(`/clients/${randomUUID()}`).expect(404);
      const res = await web.agent.get('/clients/not-a-uuid').expect(404);
      expect(res.text).toContain('<html');
    });
  });

  describe('edit', () => {
    it('loads the modal form with the current values', async () => {
      const { trainer, web } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Jo March', notes: 'Writer' });
      const res = await web.agent.get(`/clients/${client.id}/edit-form`).set(PARTIAL).expect(200);
      expect(res.text).toContain('<h2 id="modal-title">Edit Jo March</h2>');
      expect(res.text).toContain('value="Jo March"');
      expect(res.text).toContain('Writer</textarea>');
      expect(res.text).toContain(`hx-post="/clients/${client.id}/edit"`);
    });

    it('updates the row in place: the row fragment, retargeted to #client-<id>, and the modal closes', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Jo March' });
      const res = await web.agent
        .post(`/clients/${client.id}/edit`)
        .set(hx())
        .type('form')
        .send({ name: 'Josephine March', email: 'jo@march.test', phone: '', notes: '', origin: 'list' })
        .expect(200);
      expect(res.text.trimStart().startsWith(`<tr id="client-${client.id}"`)).toBe(true);
      expect(res.text).toContain('Josephine March');
      expect(res.headers['hx-retarget']).toBe(`#client-${client.id}`);
      expect(res.headers['hx-reswap']).toBe('outerHTML');
      expect(JSON.parse(res.headers['hx-trigger'])).toMatchObject({ closeModal: { target: 'body' } });
      expect(res.text).toContain('Saved changes to Josephine March.');
    });

    it('keeps an edited row in the archived list it was edited from', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Old Friend' });
      await web.post(`/clients/${client.id}/archive`, {}, '/clients');
      const list = await web.agent.get('/clients/partial?status=archived').set(PARTIAL).expect(200);
      expect(html(list)).toContain(`hx-get="/clients/${client.id}/edit-form?view=archived"`);
      const form = await web.agent.get(`/clients/${client.id}/edit-form?view=archived`).set(PARTIAL).expect(200);
      expect(form.text).toContain('name="view" value="archived"');
      const res = await web.agent
        .post(`/clients/${client.id}/edit`)
        .set(hx())
        .type('form')
        .send({ name: 'Older Friend', view: 'archived' })
        .expect(200);
      expect(res.headers['hx-reswap']).toBe('outerHTML');
      expect(res.text).toContain('Older Friend');
    });

    it('re-renders the edit form with 422 and keeps what was typed', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Jo March' });
      const res = await web.agent
        .post(`/clients/${client.id}/edit`)
        .set(hx())
        .type('form')
        .send({ name: '', email: 'still typing' })
        .expect(422);
      expect(res.text).toContain('Enter the client’s name.');
      expect(res.text).toContain('value="still typing"');
    });

    it('from the client page, goes back to the client page with a flash', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Jo March' });
      const res = await web.agent
        .post(`/clients/${client.id}/edit`)
        .set(hx())
        .type('form')
        .send({ name: 'Jo Bhaer', origin: 'detail' })
        .expect(200);
      expect(res.headers['hx-location']).toBe(`/clients/${client.id}`);
      const page = await web.agent.get(`/clients/${client.id}`).expect(200);
      expect(page.text).toContain('Saved changes to Jo Bhaer.');
      expect(page.text).toContain('Jo Bhaer');
    });

    it('works without JavaScript (303)', async () => {
      const { trainer, web } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Jo March' });
      const form = await web.agent.get(`/clients/${client.id}/edit-form`).expect(200);
      expect(form.text).toContain('<html');
      const res = await web.post(
        `/clients/${client.id}/edit`,
        { name: 'Amy March', email: '', phone: '', notes: '' },
        '/clients',
      );
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/clients');
    });
  });

  describe('archive and unarchive', () => {
    it('removes the row from the active list and asks the list to refresh', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Gone Quiet' });
      const res = await web.agent
        .post(`/clients/${client.id}/archive`)
        .set(hx())
        .type('form')
        .send({ view: 'active' })
        .expect(200);
      expect(res.text).not.toContain('<tr');
      expect(res.text).toContain('Gone Quiet archived.');
      expect(res.headers['hx-retarget']).toBe(`#client-${client.id}`);
      expect(res.headers['hx-reswap']).toBe('delete');
      expect(JSON.parse(res.headers['hx-trigger'])).toMatchObject({ clientsChanged: { target: 'body' } });
    });

    it('updates the row in place when the list shows every client', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Gone Quiet' });
      const res = await web.agent
        .post(`/clients/${client.id}/archive`)
        .set(hx())
        .type('form')
        .send({ view: 'all' })
        .expect(200);
      expect(res.text).toContain(`id="client-${client.id}"`);
      expect(res.text).toContain('Archived');
      expect(res.text).toContain(`action="/clients/${client.id}/unarchive"`);
      expect(res.headers['hx-reswap']).toBe('outerHTML');
      const back = await web.agent
        .post(`/clients/${client.id}/unarchive`)
        .set(hx())
        .type('form')
        .send({ view: 'all' })
        .expect(200);
      expect(back.text).toContain(`action="/clients/${client.id}/archive"`);
      expect(back.text).toContain('Gone Quiet is active again.');
    });

    it('works without JavaScript, back to the list it came from', async () => {
      const { trainer, web } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Gone Quiet' });
      const res = await web.post(`/clients/${client.id}/archive`, { view: 'all' }, '/clients');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/clients?status=all');
      const archived = await web.agent.get('/clients?status=archived').expect(200);
      expect(archived.text).toContain('Gone Quiet');
      const fromDetail = await web.post(`/clients/${client.id}/unarchive`, { origin: 'detail' }, '/clients');
      expect(fromDetail.headers.location).toBe(`/clients/${client.id}`);
    });
  });

  describe('delete', () => {
    it('confirms first, saying what deleting does', async () => {
      const { trainer, web } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Brief Visit' });
      const res = await web.agent.get(`/clients/${client.id}/delete-confirm`).set(PARTIAL).expect(200);
      expect(res.text).toContain('<h2 id="modal-title">Delete Brief Visit?</h2>');
      expect(res.text).toContain('can’t be undone');
      expect(res.text).toContain(`hx-post="/clients/${client.id}/delete"`);
    });

    it('offers Archive instead when the client has history', async () => {
      const { trainer, web } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Regular' });
      await insertBookings(trainer.actor, client.id, [
        { start: daysFromNow(-2), status: 'completed' },
        { start: daysFromNow(-1), status: 'completed' },
      ]);
      const res = await web.agent.get(`/clients/${client.id}/delete-confirm`).set(PARTIAL).expect(200);
      expect(res.text).toContain('Archive Regular instead?');
      expect(res.text).toContain('2 sessions on record');
      expect(res.text).toContain(`hx-post="/clients/${client.id}/archive"`);
      expect(res.text).not.toContain(`/clients/${client.id}/delete"`);
    });

    it('removes the row and closes the modal', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Brief Visit' });
      const res = await web.agent
        .post(`/clients/${client.id}/delete`)
        .set(hx())
        .type('form')
        .send({ origin: 'list' })
        .expect(200);
      expect(res.headers['hx-retarget']).toBe(`#client-${client.id}`);
      expect(res.headers['hx-reswap']).toBe('delete');
      expect(JSON.parse(res.headers['hx-trigger'])).toMatchObject({
        closeModal: { target: 'body' },
        clientsChanged: { target: 'body' },
      });
      expect(res.text).toContain('Brief Visit deleted.');
      await web.agent.get(`/clients/${client.id}`).expect(404);
    });

    it('answers 409 with the archive offer if history appeared after the confirmation', async () => {
      const { trainer, web, hx } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Late Booker' });
      await insertBookings(trainer.actor, client.id, [{ start: daysFromNow(4), status: 'pending' }]);
      const res = await web.agent
        .post(`/clients/${client.id}/delete`)
        .set(hx())
        .type('form')
        .send({ origin: 'list' })
        .expect(409);
      expect(res.text).toContain('Archive Late Booker instead?');
      await web.agent.get(`/clients/${client.id}`).expect(200);
    });

    it('works without JavaScript: a confirmation page, then 303 to the list', async () => {
      const { trainer, web } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Brief Visit' });
      const confirm = await web.agent.get(`/clients/${client.id}/delete-confirm?origin=detail`).expect(200);
      expect(confirm.text).toContain('<html');
      expect(confirm.text).toContain(`action="/clients/${client.id}/delete"`);
      const res = await web.post(`/clients/${client.id}/delete`, { origin: 'detail' }, '/clients');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/clients');
      const list = await web.agent.get('/clients').expect(200);
      expect(list.text).toContain('Brief Visit deleted.');
    });
  });

  describe('tenant isolation', () => {
    it('answers 404 to another trainer on every client route with an id, and changes nothing', async () => {
      const pair = await createTenantPair(t);
      const client = await createClient(t, pair.owner.actor, { name: 'Owner Only' });
      const id = client.id;
      await expectWebRoutesHidden(pair, [
        { method: 'get', path: `/clients/${id}` },
        { method: 'get', path: `/clients/${id}/edit-form` },
        { method: 'get', path: `/clients/${id}/delete-confirm` },
        { method: 'post', path: `/clients/${id}/edit`, body: { name: 'Hijacked' } },
        { method: 'post', path: `/clients/${id}/edit`, body: {} },
        { method: 'post', path: `/clients/${id}/archive` },
        { method: 'post', path: `/clients/${id}/unarchive` },
        { method: 'post', path: `/clients/${id}/delete` },
      ]);
      const list = await pair.intruder.web.agent.get('/clients?status=all&q=Owner').expect(200);
      expect(list.text).not.toContain('Owner Only');
      const mine = await pair.owner.web.agent.get(`/clients/${id}`).expect(200);
      expect(mine.text).toContain('Owner Only');
      expect(mine.text).not.toContain('Archived.');
    });
  });
});
