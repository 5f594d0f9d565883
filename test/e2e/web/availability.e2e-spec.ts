import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addDays, isoWeekday, localDateOf, zonedTimeToUtc } from '../../../src/common/time/zoned-time.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectWebRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const LONDON = 'Europe/London';

function upcoming(weekday: number): string {
  let date = addDays(localDateOf(new Date(), LONDON), 7);
  while (isoWeekday(date) !== weekday) date = addDays(date, 1);
  return date;
}

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('AvailabilityWebController', () => {
  const t = useTestApp();
  let db: pg.Client;
  beforeAll(async () => {
    db = await rawClient();
  });
  afterAll(async () => {
    await db.end();
  });

  async function signedIn(): Promise<{
    trainer: TrainerFixture;
    web: WebAgent;
    token: string;
    api: Record<string, string>;
  }> {
    const trainer = await createTrainer(t, { timeZone: LONDON });
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const token = await web.csrf('/availability');
    const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
    return { trainer, web, token, api: bearer(accessToken) };
  }

  function htmxPost(web: WebAgent, token: string, path: string, fields: Record<string, string | string[]>) {
    return web.agent
      .post(path)
      .set({ ...HTMX, 'x-csrf-token': token })
      .type('form')
      .send(fields);
  }

  async function weekly(api: Record<string, string>) {
    return (await t.http().get('/api/v1/availability').set(api).expect(200)).body;
  }

  describe('GET /availability', () => {
    it('renders the hours editor and days off inside the app shell, with its own place in the navigation', async () => {
      const { web } = await signedIn();
      const page = await web.agent.get('/availability').expect(200);
      expect(page.text).toContain('<html');
      expect(page.text).toContain('id="availability-hours"');
      expect(page.text).toContain('id="availability-days-off"');
      expect(page.text).toMatch(/href="\/availability" class="nav-link" aria-current="page"/);
      expect(page.text).not.toMatch(/href="\/settings" class="nav-link" aria-current="page"/);
      expect(page.text).toMatch(
        /id="days-off-list"[^>]*hx-get="\/availability\/days-off" hx-trigger="availabilityChanged from:body"/,
      );
      for (const day of ['Monday', 'Sunday']) expect(page.text).toContain(day);
      expect(page.text).toContain('No days off coming up.');
      expect(page.headers.vary).toContain('HX-Request');
    });

    it('sends a signed-out visitor to log in', async () => {
      const res = await new WebAgent(t).agent.get('/availability').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Favailability');
    });
  });

  describe('POST /availability/hours', () => {
    it('saves the week with a plain form post: 303, then the saved rows and a flash', async () => {
      const { web, api } = await signedIn();
      const res = await web.post(
        '/availability/hours',
        {
          'start-1': ['07:00', '16:00'],
          'end-1': ['12:00', '20:00'],
          'start-3': '09:00',
          'end-3': '17:00',
          'start-5': '',
          'end-5': '',
          op: 'save',
        },
        '/availability',
      );
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/availability');
      expect((await weekly(api)).weekly).toEqual([
        { weekday: 1, start: '07:00', end: '12:00' },
        { weekday: 1, start: '16:00', end: '20:00' },
        { weekday: 3, start: '09:00', end: '17:00' },
      ]);
      const page = await web.agent.get('/availability').expect(200);
      expect(page.text).toContain('Working hours saved.');
      expect(page.text).toContain('value="16:00"');
      expect(page.text).toContain('17 h a week');
    });

    it('answers htmx with the hours card and a toast, and no event (nothing on the page depends on the hours)', async () => {
      const { web, token, api } = await signedIn();
      const res = await htmxPost(web, token, '/availability/hours', { 'start-2': '10:00', 'end-2': '14:00' }).expect(
        200,
      );
      expect(res.text).toMatch(/^<section id="availability-hours"/);
      expect(res.text).not.toContain('<html');
      expect(res.text).toContain('Working hours saved.');
      expect(res.headers['hx-trigger'] ?? '').not.toContain('availabilityChanged');
      expect(res.headers.vary).toContain('HX-Request');
      expect((await weekly(api)).weekly).toEqual([{ weekday: 2, start: '10:00', end: '14:00' }]);
    });

    it('re-renders with 422, the typed values and a message on the row, and saves nothing', async () => {
      const { web, token, api } = await signedIn();
      const res = await htmxPost(web, token, '/availability/hours', {
        'start-1': ['09:00', '11:00'],
        'end-1': ['12:00', '13:00'],
        'start-4': '18:00',
        'end-4': '08:00',
      }).expect(422);
      expect(res.text).toContain('Overlaps 09:00–12:00 on Monday.');
      expect(res.text).toContain('Finish after the start time.');
      expect(res.text).toContain('value="11:00"');
      expect(res.text).toMatch(/id="end-4-0"[^>]*aria-invalid="true" aria-describedby="errors-hours-4-0"/);
      expect(res.text).toContain('2 ranges need attention');
      expect((await weekly(api)).weekly).toEqual([]);
    });

    it('re-renders the hours on a page of their own with 422 for a plain post', async () => {
      const { web } = await signedIn();
      const res = await web.post('/availability/hours', { 'start-6': '25:00', 'end-6': '26:00' }, '/availability');
      expect(res.status).toBe(422);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Enter a start time, like 09:00.');
      expect(res.text).toContain('Back to availability');
      expect(res.text).toMatch(/href="\/availability" class="nav-link" aria-current="page"/);
    });

    it('adds a suggested row without saving (no JavaScript needed)', async () => {
      const { web, api } = await signedIn();
      const res = await web.post(
        '/availability/hours',
        { 'start-3': '07:00', 'end-3': '12:00', op: 'add-3' },
        '/availability',
      );
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/id="start-3-1" name="start-3" type="time" value="13:00"[^>]*autofocus/);
      expect(res.text).toContain('value="16:00"');
      expect(res.text).toContain('Unsaved changes.');
      expect((await weekly(api)).weekly).toEqual([]);
    });

    it('removes a row and copies Monday to the other weekdays without saving', async () => {
      const { web, token } = await signedIn();
      const removed = await htmxPost(web, token, '/availability/hours', {
        'start-1': ['07:00', '16:00'],
        'end-1': ['12:00', '20:00'],
        op: 'remove-1-0',
      }).expect(200);
      expect(removed.text).not.toContain('value="07:00"');
      expect(removed.text).toContain('value="16:00"');
      const copied = await htmxPost(web, token, '/availability/hours', {
        'start-1': '06:30',
        'end-1': '09:30',
        op: 'copy-monday',
      }).expect(200);
      for (const weekday of [1, 2, 3, 4, 5])
        expect(copied.text).toContain(`id="start-${weekday}-0" name="start-${weekday}" type="time" value="06:30"`);
      expect(copied.text).not.toContain('id="start-6-0"');
    });
  });

  describe('days off', () => {
    it('adds a day off with a plain post (303) and lists it', async () => {
      const { web } = await signedIn();
      const date = addDays(localDateOf(new Date(), LONDON), 10);
      const res = await web.post('/availability/days-off', { date, reason: 'Dentist' }, '/availability');
      expect(res.status).toBe(303);
      const page = await web.agent.get('/availability').expect(200);
      expect(page.text).toContain('Dentist');
      expect(page.text).toMatch(/Day off added: \w{3} \d{1,2} \w{3}\./);
    });

    it('adds a stretch of days with htmx: a fresh form, a toast, and availabilityChanged for the list', async () => {
      const { web, token, api } = await signedIn();
      const from = addDays(localDateOf(new Date(), LONDON), 30);
      const res = await htmxPost(web, token, '/availability/days-off', {
        date: from,
        until: addDays(from, 2),
        reason: 'Holiday',
      }).expect(200);
      expect(res.text).toMatch(/^<form id="day-off-form"/);
      expect(res.text).not.toContain('value="Holiday"');
      expect(res.text).toContain('3 days off added.');
      expect(JSON.parse(res.headers['hx-trigger'])).toHaveProperty('availabilityChanged');
      expect((await weekly(api)).daysOff.map((off: { date: string }) => off.date)).toEqual([
        from,
        addDays(from, 1),
        addDays(from, 2),
      ]);
      // What the list fetches when it hears the event.
      const list = await web.agent.get('/availability/days-off').set(HTMX).expect(200);
      expect(list.text).toMatch(/^<div id="days-off-list"/);
      expect(list.text).toContain('Holiday');
      expect(list.text).toContain(`name="_csrf" value="${token}"`);
    });

    it('shows the whole page at the list’s URL without htmx', async () => {
      const { web } = await signedIn();
      const page = await web.agent.get('/availability/days-off').expect(200);
      expect(page.text).toContain('<html');
      expect(page.text).toContain('id="availability-hours"');
    });

    it('re-renders the day-off form on a page of its own with 422 for a plain post', async () => {
      const { web } = await signedIn();
      const res = await web.post(
        '/availability/days-off',
        { date: 'soon', reason: 'Łukasz’s wedding' },
        '/availability',
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Enter a date, like 2026-12-24.');
      expect(res.text).toContain('value="Łukasz’s wedding"');
    });

    it('refuses a past date and a repeat with 422 and keeps what was typed', async () => {
      const { web, token } = await signedIn();
      const past = await htmxPost(web, token, '/availability/days-off', {
        date: addDays(localDateOf(new Date(), LONDON), -2),
        reason: 'Too late',
      }).expect(422);
      expect(past.text).toContain('Choose today or a later date.');
      expect(past.text).toContain('value="Too late"');
      const date = addDays(localDateOf(new Date(), LONDON), 5);
      await htmxPost(web, token, '/availability/days-off', { date }).expect(200);
      const again = await htmxPost(web, token, '/availability/days-off', { date }).expect(422);
      expect(again.text).toContain('You already have that day off.');
    });

    it('removes a day off in place with htmx, and with a plain post', async () => {
      const { web, token, api } = await signedIn();
      const first = addDays(localDateOf(new Date(), LONDON), 8);
      await htmxPost(web, token, '/availability/days-off', { date: first, until: addDays(first, 1) }).expect(200);
      const [one, two] = (await weekly(api)).daysOff as Array<{ id: string }>;
      const res = await htmxPost(web, token, `/availability/days-off/${one.id}/delete`, {}).expect(200);
      expect(res.headers['hx-reswap']).toBe('delete');
      expect(res.text).toContain('Day off removed.');
      expect(JSON.parse(res.headers['hx-trigger'])).toHaveProperty('availabilityChanged');
      const list = await web.agent.get('/availability/days-off').set(HTMX).expect(200);
      expect(list.text).not.toContain(one.id);
      expect(list.text).toContain(two.id);
      const plain = await web.post(`/availability/days-off/${two.id}/delete`, {}, '/availability');
      expect(plain.status).toBe(303);
      expect((await weekly(api)).daysOff).toEqual([]);
    });

    it('hides another trainer’s days off: removing one answers 404 and leaves it', async () => {
      const pair = await createTenantPair(t);
      const date = addDays(localDateOf(new Date(), LONDON), 12);
      await pair.owner.web.post('/availability/days-off', { date }, '/availability');
      const { daysOff } = (
        await t.http().get('/api/v1/availability').set(bearer(pair.owner.tokens.accessToken)).expect(200)
      ).body;
      expect(daysOff).toHaveLength(1);
      await expectWebRoutesHidden(pair, [
        { method: 'post', path: `/availability/days-off/${daysOff[0].id}/delete` },
        { method: 'post', path: '/availability/days-off/not-a-uuid/delete' },
      ]);
      const after = (await t.http().get('/api/v1/availability').set(bearer(pair.owner.tokens.accessToken)).expect(200))
        .body;
      expect(after.daysOff).toHaveLength(1);
    });
  });

  describe('GET /availability/slots (the booking form’s fragment)', () => {
    async function withHours(who: { web: WebAgent; token: string }) {
      await htmxPost(who.web, who.token, '/availability/hours', {
        'start-2': ['09:00', '16:00'],
        'end-2': ['11:00', '17:00'],
      }).expect(200);
    }

    it('lists free start times as radio inputs named "time", minus a confirmed session', async () => {
      const who = await signedIn();
      await withHours(who);
      const tuesday = upcoming(2);
      const client = randomUUID();
      await db.query(`insert into clients (id, trainer_id, name) values ($1, $2, 'Sam')`, [
        client,
        who.trainer.actor.trainerId,
      ]);
      await db.query(
        `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, currency) values ($1, $2, $3, $4, $5, 'confirmed', 'GBP')`,
        [
          randomUUID(),
          who.trainer.actor.trainerId,
          client,
          zonedTimeToUtc(tuesday, '09:30', LONDON),
          zonedTimeToUtc(tuesday, '10:00', LONDON),
        ],
      );
      const res = await who.web.agent
        .get(`/availability/slots?date=${tuesday}&durationMinutes=60&time=16:00`)
        .set(HTMX)
        .expect(200);
      expect(res.text).not.toContain('<html');
      const times = [...res.text.matchAll(/<input type="radio" name="time" value="(\d{2}:\d{2})"/g)].map(
        (match) => match[1],
      );
      expect(times).toEqual(['10:00', '16:00']);
      const custom = await who.web.agent
        .get(`/availability/slots?date=${tuesday}&durationMinutes=custom&customMinutes=50`)
        .set(HTMX)
        .expect(200);
      expect(custom.text).toContain('Free 50-minute slots');
      expect(custom.text).toContain('value="10:00"');
      expect(custom.text).toContain('value="16:00"');
      expect(custom.text).not.toContain('value="16:15"');
      expect(res.text).toMatch(/value="16:00" id="slot-1600" class="peer sr-only" checked>/);
      expect(res.text).toContain('Your hours: 09:00–11:00, 16:00–17:00');
      expect(res.text).toContain('Morning');
      expect(res.text).toContain('Afternoon');
    });

    it('shows a friendly empty state and the day-off warning', async () => {
      const who = await signedIn();
      await withHours(who);
      const tuesday = upcoming(2);
      await htmxPost(who.web, who.token, '/availability/days-off', { date: tuesday, reason: 'Holiday' }).expect(200);
      const res = await who.web.agent
        .get(`/availability/slots?date=${tuesday}&durationMinutes=60`)
        .set(HTMX)
        .expect(200);
      expect(res.text).toContain('That’s a day off (Holiday)');
      expect(res.text).toMatch(/No free 60-minute slots on Tue \d{1,2} \w{3}\./);
      expect(res.text).not.toContain('name="time"');
    });

    it('warns about a weekday without hours, and invites setting hours before there are any', async () => {
      const who = await signedIn();
      const wednesday = upcoming(3);
      const before = await who.web.agent
        .get(`/availability/slots?date=${wednesday}&durationMinutes=45`)
        .set(HTMX)
        .expect(200);
      expect(before.text).toContain('Set your working hours');
      await withHours(who);
      const after = await who.web.agent
        .get(`/availability/slots?date=${wednesday}&durationMinutes=45`)
        .set(HTMX)
        .expect(200);
      expect(after.text).toContain('You have no working hours on Wednesdays');
    });

    it('offers no time sooner than the trainer’s minimum notice, and every time after it', async () => {
      const who = await signedIn();
      const allDay = Object.fromEntries(
        [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
          [`start-${weekday}`, '00:00'],
          [`end-${weekday}`, '23:45'],
        ]),
      );
      await htmxPost(who.web, who.token, '/availability/hours', allDay).expect(200);
      const times = async (date: string) => {
        const res = await who.web.agent
          .get(`/availability/slots?date=${date}&durationMinutes=60`)
          .set(HTMX)
          .expect(200);
        return [...res.text.matchAll(/<input type="radio" name="time" value="(\d{2}:\d{2})"/g)].map(
          (match) => match[1],
        );
      };
      const tomorrow = addDays(localDateOf(new Date(), LONDON), 1);
      const dayAfter = addDays(tomorrow, 1);
      const withoutNotice = { tomorrow: await times(tomorrow), dayAfter: await times(dayAfter) };
      expect(withoutNotice.tomorrow.length).toBeGreaterThan(80);
      await db.query('update trainers set minimum_notice_hours = 30 where id = $1', [who.trainer.actor.trainerId]);
      const before = Date.now();
      const offered = { tomorrow: await times(tomorrow), dayAfter: await times(dayAfter) };
      const after = Date.now();
      const notice = 30 * 3_600_000;
      for (const [date, key] of [
        [tomorrow, 'tomorrow'],
        [dayAfter, 'dayAfter'],
      ] as const) {
        const startOf = (time: string) => zonedTimeToUtc(date, time, LONDON).getTime();
        expect(offered[key].filter((time) => startOf(time) < before + notice)).toEqual([]);
        const due = withoutNotice[key].filter((time) => startOf(time) >= after + notice);
        expect(offered[key]).toEqual(expect.arrayContaining(due));
      }
      // 30 h from any moment today reaches into tomorrow or later, so tomorrow loses at least its first six hours.
      expect(offered.tomorrow.length).toBeLessThan(withoutNotice.tomorrow.length - 20);
      const picker = await who.web.agent
        .get(`/availability/slots?date=${tomorrow}&durationMinutes=60`)
        .set(HTMX)
        .expect(200);
      expect(picker.text).toMatch(/Your minimum notice is 30 h: nothing before \w{3} \d{1,2} \w{3}, \d{2}:\d{2}\./);
      const nextWeek = await who.web.agent
        .get(`/availability/slots?date=${addDays(tomorrow, 7)}&durationMinutes=60`)
        .set(HTMX)
        .expect(200);
      expect(nextWeek.text).not.toContain('minimum notice');
    });

    it('asks for a date first, and answers bad parameters with a 422 message, never a 500', async () => {
      const who = await signedIn();
      const prompt = await who.web.agent.get('/availability/slots?date=&durationMinutes=60').set(HTMX).expect(200);
      expect(prompt.text).toContain('Pick a date to see your free times.');
      const custom = await who.web.agent
        .get(`/availability/slots?date=${upcoming(2)}&durationMinutes=custom&customMinutes=`)
        .set(HTMX)
        .expect(200);
      expect(custom.text).toContain('Choose a session length to see your free times.');
      for (const query of [
        'date=2026-02-30&durationMinutes=60',
        'date=soon&durationMinutes=60',
        'date=2027-01-05&durationMinutes=abc',
        'date=2027-01-05&durationMinutes=9999',
        'date=2027-01-05&durationMinutes=60&excludeBookingId=x',
        'date=2027-01-05&durationMinutes=custom&customMinutes=3',
      ]) {
        const res = await who.web.agent.get(`/availability/slots?${query}`).set(HTMX);
        expect({ query, status: res.status }).toEqual({ query, status: 422 });
        expect(res.text).toContain('role="alert"');
      }
    });
  });
});
