import { describe, expect, it } from '@jest/globals';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { insertClient } from '../../factories/bookings.factory.js';
import { createPackage, sellPackage } from '../../factories/packages.factory.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectWebRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('BookingsWebController', () => {
  const t = useTestApp();

  async function signedIn(timeZone = 'Europe/London') {
    const trainer = await createTrainer(t, { timeZone });
    const client = await insertClient(t, trainer, { name: 'Priya Shah' });
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const csrf = await web.csrf('/bookings');
    const htmxPost = (path: string, fields: Record<string, string>) => web.agent.post(path).set({ ...HTMX, 'x-csrf-token': csrf }).type('form').send(fields);
    return { trainer, client, web, htmxPost };
  }

  async function bookingIdAt(trainer: TrainerFixture, isoStart: string): Promise<string> {
    const db = await rawClient();
    try {
      const result = await db.query('select id from bookings where trainer_id = $1 and start_time = $2', [trainer.account.trainer?.id, isoStart]);
      return result.rows[0]?.id;
    } finally {
      await db.end();
    }
  }

  it('serves the full page, and only the list fragment to htmx, varying on HX-Request', async () => {
    const { web } = await signedIn();
    const page = await web.agent.get('/bookings/').expect(200);
    expect(page.text).toContain('<html');
    expect(page.text).toContain('id="bookings-list"');
    expect(page.text).toContain('New booking');
    const fragment = await web.agent.get('/bookings/list').set(HTMX).expect(200);
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toContain('id="bookings-list"');
    expect(fragment.headers.vary).toContain('HX-Request');
  });

  it('loads the create form into the modal, and as a page without JavaScript', async () => {
    const { web } = await signedIn();
    const modal = await web.agent.get('/bookings/create-form').set(HTMX).expect(200);
    expect(modal.text).toContain('id="modal-title"');
    expect(modal.text).toContain('Priya Shah');
    expect(modal.text).not.toContain('<html');
    const page = await web.agent.get('/bookings/create-form').expect(200);
    expect(page.text).toContain('<html');
    expect(page.text).toContain('action="/bookings/create"');
  });

  it('creates with htmx: 204, the modal closes, the list refreshes and a flash confirms', async () => {
    const { htmxPost, trainer } = await signedIn();
    const res = await htmxPost('/bookings/create', { clientId: (await insertClient(t, trainer)).id, date: '2031-03-04', time: '10:00', durationMinutes: '60' });
    expect(res.status).toBe(204);
    const events = JSON.parse(res.headers['hx-trigger']);
    expect(events).toMatchObject({ bookingsChanged: true, closeModal: true, flash: { kind: 'success' } });
    expect(events.flash.message).toContain('Tue 4 Mar, 10:00');
  });

  it('creates with a plain form post: 303 back to the list, where the session shows', async () => {
    const { web, client } = await signedIn();
    const res = await web.post('/bookings/create', { clientId: client.id, date: '2031-03-05', time: '09:30', durationMinutes: '45' }, '/bookings');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/bookings');
    const list = await web.agent.get('/bookings?show=all').expect(200);
    expect(list.text).toContain('09:30–10:15');
    expect(list.text).toContain('Session booked with Priya Shah');
  });

  it('re-renders the form with 422 and field messages, keeping what was typed', async () => {
    const { htmxPost, client } = await signedIn();
    const res = await htmxPost('/bookings/create', { clientId: client.id, date: '', time: '10:00', durationMinutes: 'custom', customMinutes: '3', notes: 'Bring a towel' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a date.');
    expect(res.text).toContain('Choose a length between 5 and 720 minutes.');
    expect(res.text).toContain('Bring a towel');
  });

  it('explains an overlap in the form, naming the other session', async () => {
    const { htmxPost, client } = await signedIn();
    await htmxPost('/bookings/create', { clientId: client.id, date: '2031-03-06', time: '10:00', durationMinutes: '60' }).expect(204);
    const clash = await htmxPost('/bookings/create', { clientId: client.id, date: '2031-03-06', time: '10:30', durationMinutes: '60' });
    expect(clash.status).toBe(409);
    expect(clash.text).toContain('overlaps with Priya Shah 10:00–11:00');
    expect(clash.text).toContain('id="modal-title"');
  });

  it('warns outside working hours and books only once the trainer confirms', async () => {
    const { htmxPost, client, trainer } = await signedIn();
    const db = await rawClient();
    await db.query(`insert into availability_slots (id, trainer_id, weekday, start_time, end_time) values (gen_random_uuid(), $1, 2, '09:00', '17:00')`, [trainer.account.trainer?.id]);
    await db.end();
    const fields = { clientId: client.id, date: '2031-03-11', time: '19:00', durationMinutes: '60' };
    const warned = await htmxPost('/bookings/create', fields);
    expect(warned.status).toBe(422);
    expect(warned.text).toContain('Book it anyway');
    await htmxPost('/bookings/create', { ...fields, confirmOutsideHours: 'on' }).expect(204);
  });

  it.each([
    ['Europe/London', '2031-03-29', '2031-03-31'],
    ['Europe/London', '2031-10-25', '2031-10-27'],
    ['America/New_York', '2031-03-08', '2031-03-10'],
    ['America/New_York', '2031-11-01', '2031-11-03'],
  ])('keeps 09:00 local on both sides of a clock change in %s (%s / %s)', async (zone, before, after) => {
    const { htmxPost, client, web } = await signedIn(zone);
    for (const date of [before, after]) await htmxPost('/bookings/create', { clientId: client.id, date, time: '09:00', durationMinutes: '60' }).expect(204);
    const list = await web.agent.get(`/bookings?show=all&from=${before}&to=${after}`).expect(200);
    expect(list.text.match(/09:00–10:00/g)).toHaveLength(2);
  });

  it('updates a row in place on confirm, and refuses an invalid transition with a flash', async () => {
    const { htmxPost, client, trainer } = await signedIn('UTC');
    await htmxPost('/bookings/create', { clientId: client.id, date: '2031-04-01', time: '08:00', durationMinutes: '60' }).expect(204);
    const id = await bookingIdAt(trainer, '2031-04-01T08:00:00Z');
    const confirmed = await htmxPost(`/bookings/${id}/confirm`, {}).expect(200);
    expect(confirmed.text).toContain(`id="booking-${id}"`);
    expect(confirmed.text).toContain('Confirmed');
    await htmxPost(`/bookings/${id}/cancel`, { reason: 'Holiday', cancelledBy: 'client' }).expect(204);
    const refused = await htmxPost(`/bookings/${id}/complete`, {});
    expect(refused.status).toBe(409);
    expect(refused.headers['hx-retarget']).toBe('#flash');
    expect(refused.text).toContain('This session is cancelled, so it can’t be marked completed.');
  });

  it('reschedules through the modal form', async () => {
    const { htmxPost, client, trainer, web } = await signedIn('UTC');
    await htmxPost('/bookings/create', { clientId: client.id, date: '2031-04-02', time: '08:00', durationMinutes: '60' }).expect(204);
    const id = await bookingIdAt(trainer, '2031-04-02T08:00:00Z');
    const form = await web.agent.get(`/bookings/${id}/reschedule-form`).set(HTMX).expect(200);
    expect(form.text).toContain('value="08:00"');
    await htmxPost(`/bookings/${id}/reschedule`, { date: '2031-04-02', time: '11:00', durationMinutes: '90' }).expect(204);
    expect(await bookingIdAt(trainer, '2031-04-02T11:00:00Z')).toBe(id);
  });

  it('offers the client’s credits in the form and warns before a late cancellation forfeits one', async () => {
    const { htmxPost, client, trainer, web } = await signedIn('UTC');
    const pkg = await createPackage(t, trainer.actor, { name: 'Ten pack', sessionCount: 10 });
    const sale = await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
    const options = await web.agent.get(`/bookings/payment-options?clientId=${client.id}`).set(HTMX).expect(200);
    expect(options.text).toMatch(/<option value="[0-9a-f-]+" selected>Use a credit from Ten pack \(10 left, expires/);
    const soon = new Date(Date.now() + 3 * 3_600_000);
    const date = soon.toISOString().slice(0, 10);
    const time = soon.toISOString().slice(11, 16);
    await htmxPost('/bookings/create', { clientId: client.id, date, time, durationMinutes: '30', payWith: sale.purchase.id }).expect(204);
    const id = await bookingIdAt(trainer, `${date}T${time}:00Z`);
    const dialog = await web.agent.get(`/bookings/${id}/cancel-form`).set(HTMX).expect(200);
    expect(dialog.text).toContain('this forfeits 1 credit');
    expect(dialog.text).toContain('plus 1 make-up credit');
  });

  it('shows the week calendar with the session placed on its day', async () => {
    const { htmxPost, client, web } = await signedIn('UTC');
    await htmxPost('/bookings/create', { clientId: client.id, date: '2031-04-09', time: '12:00', durationMinutes: '60' }).expect(204);
    const week = await web.agent.get('/bookings?view=week&week=2031-04-09').expect(200);
    expect(week.text).toContain('Mon 7 Apr');
    expect(week.text).toContain('12:00–13:00');
  });

  it('answers 404 on every booking route with an id for another trainer', async () => {
    const pair = await createTenantPair(t);
    const client = await insertClient(t, pair.owner);
    const csrf = await pair.owner.web.csrf('/bookings');
    await pair.owner.web.agent.post('/bookings/create').set({ ...HTMX, 'x-csrf-token': csrf }).type('form').send({ clientId: client.id, date: '2031-05-01', time: '10:00', durationMinutes: '60' }).expect(204);
    const id = await bookingIdAt(pair.owner, new Date(Date.UTC(2031, 4, 1, 9)).toISOString());
    expect(id).toBeDefined();
    await expectWebRoutesHidden(pair, [
      { method: 'get', path: `/bookings/${id}/reschedule-form` },
      { method: 'get', path: `/bookings/${id}/cancel-form` },
      { method: 'post', path: `/bookings/${id}/reschedule`, body: { date: '2031-05-02', time: '10:00', durationMinutes: '60' } },
      { method: 'post', path: `/bookings/${id}/cancel` },
      { method: 'post', path: `/bookings/${id}/confirm` },
      { method: 'post', path: `/bookings/${id}/complete` },
      { method: 'post', path: `/bookings/${id}/no-show` },
    ]);
    await insertClient(t, pair.intruder, { name: 'Intruder’s own client' });
    const intruderCreate = await pair.intruder.web.post('/bookings/create', { clientId: client.id, date: '2031-05-03', time: '10:00', durationMinutes: '60' }, '/bookings');
    expect(intruderCreate.status).toBe(404);
    expect(intruderCreate.text).toContain('Choose one of your clients.');
  });
});
