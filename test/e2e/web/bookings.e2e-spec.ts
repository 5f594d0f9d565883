import { describe, expect, it } from '@jest/globals';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, sellPackage } from '../../factories/packages.factory.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectWebRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

/** A UTC date and time `days` from now, as the booking form takes them. */
function localAt(days: number, time: string): { date: string; time: string; iso: string } {
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return { date, time, iso: `${date}T${time}:00.000Z` };
}

describe('BookingsWebController', () => {
  const t = useTestApp();

  async function signedIn(timeZone = 'Europe/London') {
    const trainer = await createTrainer(t, { timeZone });
    const client = await createClient(t, trainer.actor, { name: 'Priya Shah' });
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const csrf = await web.csrf('/bookings');
    const htmxPost = (path: string, fields: Record<string, string>) =>
      web.agent
        .post(path)
        .set({ ...HTMX, 'x-csrf-token': csrf })
        .type('form')
        .send(fields);
    return { trainer, client, web, htmxPost };
  }

  async function bookingIdAt(trainer: TrainerFixture, isoStart: string): Promise<string> {
    const db = await rawClient();
    try {
      const result = await db.query('select id from bookings where trainer_id = $1 and start_time = $2', [
        trainer.account.trainer?.id,
        isoStart,
      ]);
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

  it('creates with htmx: the modal closes, the list refreshes and a toast confirms', async () => {
    const { htmxPost, trainer } = await signedIn();
    const res = await htmxPost('/bookings/create', {
      clientId: (await createClient(t, trainer.actor)).id,
      date: '2031-03-04',
      time: '10:00',
      durationMinutes: '60',
    });
    expect(res.status).toBe(200);
    const events = JSON.parse(res.headers['hx-trigger']);
    expect(Object.keys(events).sort()).toEqual(['bookingsChanged', 'closeModal', 'creditsChanged']);
    expect(res.text).toContain('Session booked with');
    expect(res.text).toContain('Tue 4 Mar, 10:00');
  });

  it('creates with a plain form post: 303 back to the list, where the session shows', async () => {
    const { web, client } = await signedIn();
    const res = await web.post(
      '/bookings/create',
      { clientId: client.id, date: '2031-03-05', time: '09:30', durationMinutes: '45' },
      '/bookings',
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/bookings');
    const list = await web.agent.get('/bookings?show=all').expect(200);
    expect(list.text).toContain('09:30–10:15');
    expect(list.text).toContain('Session booked with Priya Shah');
  });

  it('re-renders the form with 422 and field messages, keeping what was typed', async () => {
    const { htmxPost, client } = await signedIn();
    const res = await htmxPost('/bookings/create', {
      clientId: client.id,
      date: '',
      time: '10:00',
      durationMinutes: 'custom',
      customMinutes: '3',
      notes: 'Bring a towel',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a date.');
    expect(res.text).toContain('Choose a length between 5 and 720 minutes.');
    expect(res.text).toContain('Bring a towel');
  });

  it('explains an overlap in the form, naming the other session', async () => {
    const { htmxPost, client } = await signedIn();
    await htmxPost('/bookings/create', {
      clientId: client.id,
      date: '2031-03-06',
      time: '10:00',
      durationMinutes: '60',
    }).expect(200);
    const clash = await htmxPost('/bookings/create', {
      clientId: client.id,
      date: '2031-03-06',
      time: '10:30',
      durationMinutes: '60',
    });
    expect(clash.status).toBe(409);
    expect(clash.text).toContain('overlaps with Priya Shah 10:00–11:00');
    expect(clash.text).toContain('id="modal-title"');
  });

  it('warns outside working hours and books only once the trainer confirms', async () => {
    const { htmxPost, client, trainer } = await signedIn();
    const db = await rawClient();
    await db.query(
      `insert into availability_slots (id, trainer_id, weekday, start_time, end_time) values (gen_random_uuid(), $1, 2, '09:00', '17:00')`,
      [trainer.account.trainer?.id],
    );
    await db.end();
    const fields = { clientId: client.id, date: '2031-03-11', time: '19:00', durationMinutes: '60' };
    const warned = await htmxPost('/bookings/create', fields);
    expect(warned.status).toBe(422);
    expect(warned.text).toContain('Book it anyway');
    await htmxPost('/bookings/create', { ...fields, confirmOutsideHours: 'on' }).expect(200);
  });

  it.each([
    ['Europe/London', '2031-03-29', '2031-03-31'],
    ['Europe/London', '2031-10-25', '2031-10-27'],
    ['America/New_York', '2031-03-08', '2031-03-10'],
    ['America/New_York', '2031-11-01', '2031-11-03'],
  ])('keeps 09:00 local on both sides of a clock change in %s (%s / %s)', async (zone, before, after) => {
    const { htmxPost, client, web } = await signedIn(zone);
    for (const date of [before, after])
      await htmxPost('/bookings/create', { clientId: client.id, date, time: '09:00', durationMinutes: '60' }).expect(
        200,
      );
    const list = await web.agent.get(`/bookings?show=all&from=${before}&to=${after}`).expect(200);
    expect(list.text.match(/09:00–10:00/g)).toHaveLength(2);
  });

  it('updates a row in place on confirm, and refuses an invalid transition with a flash', async () => {
    const { htmxPost, client, trainer } = await signedIn('UTC');
    await htmxPost('/bookings/create', {
      clientId: client.id,
      date: '2031-04-01',
      time: '08:00',
      durationMinutes: '60',
    }).expect(200);
    const id = await bookingIdAt(trainer, '2031-04-01T08:00:00Z');
    const confirmed = await htmxPost(`/bookings/${id}/confirm`, {}).expect(200);
    expect(confirmed.text).toContain(`id="booking-${id}"`);
    expect(confirmed.text).toContain('Confirmed');
    await htmxPost(`/bookings/${id}/cancel`, { reason: 'Holiday', cancelledBy: 'client' }).expect(200);
    const refused = await htmxPost(`/bookings/${id}/complete`, {});
    expect(refused.status).toBe(409);
    expect(refused.headers['hx-retarget']).toBe('#flash');
    expect(refused.text).toContain('This session is cancelled, so it can’t be marked completed.');
  });

  it('reschedules through the modal form', async () => {
    const { htmxPost, client, trainer, web } = await signedIn('UTC');
    await htmxPost('/bookings/create', {
      clientId: client.id,
      date: '2031-04-02',
      time: '08:00',
      durationMinutes: '60',
    }).expect(200);
    const id = await bookingIdAt(trainer, '2031-04-02T08:00:00Z');
    const form = await web.agent.get(`/bookings/${id}/reschedule-form`).set(HTMX).expect(200);
    expect(form.text).toContain('value="08:00"');
    await htmxPost(`/bookings/${id}/reschedule`, { date: '2031-04-02', time: '11:00', durationMinutes: '90' }).expect(
      200,
    );
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
    await htmxPost('/bookings/create', {
      clientId: client.id,
      date,
      time,
      durationMinutes: '30',
      payWith: sale.purchase.id,
    }).expect(200);
    const id = await bookingIdAt(trainer, `${date}T${time}:00Z`);
    const dialog = await web.agent.get(`/bookings/${id}/cancel-form`).set(HTMX).expect(200);
    expect(dialog.text).toContain('this forfeits 1 credit');
    expect(dialog.text).toContain('plus 1 make-up credit');
  });

  it('shows the week calendar with the session placed on its day', async () => {
    const { htmxPost, client, web } = await signedIn('UTC');
    await htmxPost('/bookings/create', {
      clientId: client.id,
      date: '2031-04-09',
      time: '12:00',
      durationMinutes: '60',
    }).expect(200);
    const week = await web.agent.get('/bookings?view=week&week=2031-04-09').expect(200);
    expect(week.text).toContain('Mon 7 Apr');
    expect(week.text).toContain('12:00–13:00');
  });

  describe('what a row offers now', () => {
    it('refuses to complete or no-show a session that has not started: 409 with a clear message in the flash', async () => {
      const { htmxPost, client, trainer, web } = await signedIn('UTC');
      const later = localAt(14, '10:00');
      await htmxPost('/bookings/create', {
        clientId: client.id,
        date: later.date,
        time: later.time,
        durationMinutes: '60',
      }).expect(200);
      const id = await bookingIdAt(trainer, later.iso);
      for (const action of ['complete', 'no-show']) {
        const refused = await htmxPost(`/bookings/${id}/${action}`, {});
        expect(refused.status).toBe(409);
        expect(refused.headers['hx-retarget']).toBe('#flash');
        expect(refused.text).toContain('This session hasn’t started yet');
      }
      const plain = await web.post(`/bookings/${id}/complete`, {}, '/bookings');
      expect(plain.status).toBe(409);
      expect(plain.text).toContain('This session hasn’t started yet');
      const row = await web.agent.get('/bookings/list?show=all').set(HTMX).expect(200);
      expect(row.text).toContain(`/bookings/${id}/confirm`);
      expect(row.text).not.toContain(`/bookings/${id}/complete`);
      expect(row.text).not.toContain(`/bookings/${id}/no-show`);
    });

    it('offers Complete as the one primary action once started, the rest in the menu, and the date once', async () => {
      const { htmxPost, client, trainer, web } = await signedIn('UTC');
      const earlier = localAt(-2, '08:00');
      await htmxPost('/bookings/create', {
        clientId: client.id,
        date: earlier.date,
        time: earlier.time,
        durationMinutes: '45',
      }).expect(200);
      const id = await bookingIdAt(trainer, earlier.iso);
      const list = await web.agent.get('/bookings/list?show=past').set(HTMX).expect(200);
      const row = list.text.slice(
        list.text.indexOf(`id="booking-${id}"`),
        list.text.indexOf('</li>', list.text.indexOf(`id="booking-${id}"`)),
      );
      // The row swaps itself: "this" is the <li> that carries the inherited target.
      expect(row).toMatch(/^id="booking-[^"]+" hx-target:inherited="this"/);
      expect(row.match(/class="btn btn-secondary btn-sm"/g)).toHaveLength(1);
      expect(row).toMatch(/aria-label="Mark Priya Shah, [^"]+ completed">.*Complete</s);
      expect(row).toContain('data-row-menu');
      expect(row).toContain('>Confirm<');
      expect(row).toContain('>Mark no-show<');
      const day =
        list.text.match(/<h2 class="mb-2 text-sm font-semibold text-slate-600">([^<]+)<\/h2>/)?.[1] ?? 'missing';
      // Visible text only: accessible names (aria-label) still say which session a control acts on.
      expect(row.replace(/aria-label="[^"]*"/g, '')).not.toContain(day);
      const done = await htmxPost(`/bookings/${id}/complete`, {}).expect(200);
      expect(done.text).toContain('Completed');
      expect(done.text).not.toContain(`/bookings/${id}/confirm`);
    });

    it('offers “Give credit back” for a no-show’s credit, and no longer once it is given back', async () => {
      const { htmxPost, client, trainer } = await signedIn('UTC');
      const pkg = await createPackage(t, trainer.actor, { name: 'Five pack', sessionCount: 5 });
      const sale = await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
      const earlier = localAt(-1, '07:00');
      await htmxPost('/bookings/create', {
        clientId: client.id,
        date: earlier.date,
        time: earlier.time,
        durationMinutes: '60',
        payWith: sale.purchase.id,
      }).expect(200);
      const id = await bookingIdAt(trainer, earlier.iso);
      const noShow = await htmxPost(`/bookings/${id}/no-show`, {}).expect(200);
      expect(noShow.text).toContain(`/bookings/${id}/waive`);
      const waived = await htmxPost(`/bookings/${id}/waive`, { reason: 'Waived by the trainer' }).expect(200);
      expect(JSON.parse(waived.headers['hx-trigger'])).toHaveProperty('creditsChanged');
      expect(waived.text).toContain('Credit given back to Priya Shah.');
      expect(waived.text).not.toContain(`/bookings/${id}/waive`);
      const again = await htmxPost(`/bookings/${id}/waive`, {});
      expect(again.status).toBe(409);
      expect(again.text).toContain('This credit has already been given back.');
    });
  });

  it('opens a session’s details as a dialog and, without JavaScript, as a page', async () => {
    const { htmxPost, client, trainer, web } = await signedIn('UTC');
    const earlier = localAt(-3, '09:00');
    await htmxPost('/bookings/create', {
      clientId: client.id,
      date: earlier.date,
      time: earlier.time,
      durationMinutes: '60',
      notes: 'Knee rehab',
    }).expect(200);
    const id = await bookingIdAt(trainer, earlier.iso);
    await htmxPost(`/bookings/${id}/complete`, {}).expect(200);
    const dialog = await web.agent.get(`/bookings/${id}`).set(HTMX).expect(200);
    expect(dialog.text).not.toContain('<html');
    expect(dialog.text).toContain('Session with Priya Shah');
    expect(dialog.text).toContain('Knee rehab');
    expect(dialog.text).not.toContain('reschedule-form');
    const page = await web.agent.get(`/bookings/${id}`).expect(200);
    expect(page.text).toContain('<html');
    expect(page.text).toContain('Session with Priya Shah');
  });

  it('prefills the booking form from a calendar slot and lists the free slots without JavaScript', async () => {
    const { web, trainer } = await signedIn('UTC');
    const db = await rawClient();
    await db.query(
      `insert into availability_slots (id, trainer_id, weekday, start_time, end_time) values (gen_random_uuid(), $1, 2, '08:00', '12:00')`,
      [trainer.account.trainer?.id],
    );
    await db.end();
    const page = await web.agent.get('/bookings/create-form?date=2031-06-03&time=09:00').expect(200);
    expect(page.text).toContain('<html');
    expect(page.text).toContain('value="2031-06-03"');
    expect(page.text).toMatch(/id="field-time"[^>]*value="09:00"|value="09:00"[^>]*id="field-time"/);
    expect(page.text).toContain('Free 60-minute slots · Tue 3 Jun');
    expect(page.text).toMatch(/name="time" value="09:00" id="slot-0900" class="peer sr-only" checked/);
    expect(page.text).toContain('value="show-slots"');
    const modal = await web.agent.get('/bookings/create-form?date=2031-06-03&time=10:00').set(HTMX).expect(200);
    expect(modal.text).toContain('Free 60-minute slots · Tue 3 Jun');
    expect(modal.text).not.toContain('value="show-slots"');
  });

  it('re-renders the no-JS form for another date with “Show free times”, booking nothing', async () => {
    const { web, client, trainer } = await signedIn('UTC');
    const res = await web.post(
      '/bookings/create',
      { clientId: client.id, date: '2031-06-10', time: '', durationMinutes: '30', intent: 'show-slots' },
      '/bookings/create-form',
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('Free 30-minute slots · Tue 10 Jun');
    expect(res.text).not.toContain('Choose a start time.');
    expect(await bookingIdAt(trainer, '2031-06-10T00:00:00Z')).toBeUndefined();
  });

  describe('the week calendar', () => {
    it('shades the hours outside working hours, links empty hours to a prefilled form, and opens history as details', async () => {
      const { htmxPost, client, trainer, web } = await signedIn('UTC');
      const db = await rawClient();
      await db.query(
        `insert into availability_slots (id, trainer_id, weekday, start_time, end_time) values (gen_random_uuid(), $1, 3, '09:00', '17:00')`,
        [trainer.account.trainer?.id],
      );
      await db.end();
      const earlier = localAt(-1, '12:00');
      await htmxPost('/bookings/create', {
        clientId: client.id,
        date: earlier.date,
        time: earlier.time,
        durationMinutes: '45',
        confirmOutsideHours: 'on',
      }).expect(200);
      const id = await bookingIdAt(trainer, earlier.iso);
      await htmxPost(`/bookings/${id}/complete`, {}).expect(200);
      const week = await web.agent.get(`/bookings?view=week&day=${earlier.date}`).expect(200);
      const html = week.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
      expect(html).toContain(`href="/bookings/${id}" hx-get="/bookings/${id}"`);
      expect(html).not.toContain(`/bookings/${id}/reschedule-form`);
      expect(html).toContain(`href="/bookings/create-form?date=${earlier.date}&time=07:00"`);
      expect(week.text).toContain('Shaded: outside your working hours.');
      // The grid: six days without hours shaded whole, Wednesday before 09:00 and after 17:00; then the day view's day.
      const dayViewBands = new Date(earlier.iso).getUTCDay() === 3 ? 2 : 1;
      expect(week.text.match(/data-outside-hours/g)?.length).toBe(6 + 2 + dayViewBands);
      expect(week.text).toContain('data-day-view');
      expect(week.text).toContain('aria-label="Previous day"');
    });

    it('marks now with a line on today’s column', async () => {
      const { web } = await signedIn('UTC');
      const week = await web.agent.get('/bookings?view=week').expect(200);
      const hour = new Date().getUTCHours();
      expect(week.text.includes('data-now-line')).toBe(hour >= 6 && hour < 22);
    });
  });

  it('answers 404 on every booking route with an id for another trainer', async () => {
    const pair = await createTenantPair(t);
    const client = await createClient(t, pair.owner.actor);
    const csrf = await pair.owner.web.csrf('/bookings');
    await pair.owner.web.agent
      .post('/bookings/create')
      .set({ ...HTMX, 'x-csrf-token': csrf })
      .type('form')
      .send({ clientId: client.id, date: '2031-05-01', time: '10:00', durationMinutes: '60' })
      .expect(200);
    const id = await bookingIdAt(pair.owner, new Date(Date.UTC(2031, 4, 1, 9)).toISOString());
    expect(id).toBeDefined();
    await expectWebRoutesHidden(pair, [
      { method: 'get', path: `/bookings/${id}/reschedule-form` },
      { method: 'get', path: `/bookings/${id}/cancel-form` },
      {
        method: 'post',
        path: `/bookings/${id}/reschedule`,
        body: { date: '2031-05-02', time: '10:00', durationMinutes: '60' },
      },
      { method: 'post', path: `/bookings/${id}/cancel` },
      { method: 'post', path: `/bookings/${id}/confirm` },
      { method: 'post', path: `/bookings/${id}/complete` },
      { method: 'post', path: `/bookings/${id}/no-show` },
      { method: 'post', path: `/bookings/${id}/waive` },
      { method: 'get', path: `/bookings/${id}` },
    ]);
    await createClient(t, pair.intruder.actor, { name: 'Intruder’s own client' });
    const intruderCreate = await pair.intruder.web.post(
      '/bookings/create',
      { clientId: client.id, date: '2031-05-03', time: '10:00', durationMinutes: '60' },
      '/bookings',
    );
    expect(intruderCreate.status).toBe(404);
    expect(intruderCreate.text).toContain('Choose one of your clients.');
  });
});
