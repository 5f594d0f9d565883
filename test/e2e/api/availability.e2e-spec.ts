import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addDays, isoWeekday, localDateOf, zonedTimeToUtc } from '../../../src/common/time/zoned-time.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';

/** The first date with this ISO weekday at least a week from today (London), so its slots are never in the past. */
function upcoming(weekday: number, timeZone = 'Europe/London'): string {
  let date = addDays(localDateOf(new Date(), timeZone), 7);
  while (isoWeekday(date) !== weekday) date = addDays(date, 1);
  return date;
}

/** The next date on or after `from` that is today or later, stepping by years, for fixed-calendar DST dates. */
function futureDstSunday(candidates: string[]): string {
  const today = localDateOf(new Date(), 'UTC');
  const found = candidates.find((date) => date > today);
  if (!found) throw new Error('Add later daylight-saving dates to this test');
  return found;
}

describe('AvailabilityApiController', () => {
  const t = useTestApp();
  let db: pg.Client;

  beforeAll(async () => {
    db = await rawClient();
  });
  afterAll(async () => {
    await db.end();
  });

  async function trainer(timeZone = 'Europe/London'): Promise<TrainerFixture & { auth: Record<string, string> }> {
    const fixture = await createTrainer(t, { timeZone });
    const { accessToken } = await apiLogin(t, fixture.email, fixture.password);
    return { ...fixture, auth: bearer(accessToken) };
  }

  async function book(owner: TrainerFixture, start: Date, end: Date, status = 'confirmed'): Promise<string> {
    const client = randomUUID();
    const booking = randomUUID();
    await db.query(`insert into clients (id, trainer_id, name) values ($1, $2, 'Sam Client')`, [
      client,
      owner.actor.trainerId,
    ]);
    await db.query(
      `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, currency) values ($1, $2, $3, $4, $5, $6, 'GBP')`,
      [booking, owner.actor.trainerId, client, start, end, status],
    );
    return booking;
  }

  describe('GET and PUT /api/v1/availability', () => {
    it('starts empty', async () => {
      const { auth } = await trainer();
      const res = await t.http().get('/api/v1/availability').set(auth).expect(200);
      expect(res.body).toEqual({ weekly: [], daysOff: [] });
    });

    it('replaces the week and the days off, and answers them sorted', async () => {
      const { auth } = await trainer();
      const dayOff = addDays(localDateOf(new Date(), 'Europe/London'), 20);
      const put = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({
          weekly: [
            { weekday: 2, start: '16:00', end: '20:00' },
            { weekday: 2, start: '07:00', end: '12:00' },
            { weekday: 1, start: '9:00', end: '17:30' },
          ],
          daysOff: [{ date: dayOff, reason: ' Holiday ' }],
        })
        .expect(200);
      expect(put.body.weekly).toEqual([
        { weekday: 1, start: '09:00', end: '17:30' },
        { weekday: 2, start: '07:00', end: '12:00' },
        { weekday: 2, start: '16:00', end: '20:00' },
      ]);
      expect(put.body.daysOff).toEqual([{ id: expect.any(String), date: dayOff, reason: 'Holiday' }]);
      const get = await t.http().get('/api/v1/availability').set(auth).expect(200);
      expect(get.body).toEqual(put.body);
    });

    it('replaces rather than adds, and keeps days off when daysOff is left out', async () => {
      const { auth } = await trainer();
      const dayOff = addDays(localDateOf(new Date(), 'Europe/London'), 3);
      await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [{ weekday: 5, start: '08:00', end: '10:00' }], daysOff: [{ date: dayOff }] })
        .expect(200);
      const res = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [{ weekday: 6, start: '10:00', end: '14:00' }] })
        .expect(200);
      expect(res.body.weekly).toEqual([{ weekday: 6, start: '10:00', end: '14:00' }]);
      expect(res.body.daysOff).toEqual([{ id: expect.any(String), date: dayOff, reason: null }]);
      const cleared = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [], daysOff: [] })
        .expect(200);
      expect(cleared.body).toEqual({ weekly: [], daysOff: [] });
    });

    it('answers 422 with every rule problem at once, keyed by field, and changes nothing', async () => {
      const { auth } = await trainer();
      await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [{ weekday: 1, start: '09:00', end: '17:00' }] })
        .expect(200);
      const yesterday = addDays(localDateOf(new Date(), 'Europe/London'), -1);
      const future = addDays(localDateOf(new Date(), 'Europe/London'), 30);
      const res = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({
          weekly: [
            { weekday: 1, start: '25:00', end: '12:00' },
            { weekday: 2, start: '12:00', end: '09:00' },
            { weekday: 3, start: '09:00', end: '12:00' },
            { weekday: 3, start: '11:00', end: '13:00' },
            { weekday: 8, start: '09:00', end: '10:00' },
          ],
          daysOff: [{ date: yesterday }, { date: future }, { date: future }, { date: '2026-02-30' }],
        })
        .expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('invalid_hours');
      expect(Object.keys(res.body.errors).sort()).toEqual(
        [
          'daysOff.0.date',
          'daysOff.2.date',
          'daysOff.3.date',
          'weekly.0.start',
          'weekly.1.end',
          'weekly.3',
          'weekly.4.weekday',
        ].sort(),
      );
      expect(res.body.errors['weekly.3']).toEqual(['Overlaps 09:00–12:00 on Wednesday.']);
      expect(res.body.errors['weekly.1.end']).toEqual(['Finish after the start time.']);
      expect(res.body.errors['daysOff.0.date']).toEqual(['Choose today or a later date.']);
      const after = await t.http().get('/api/v1/availability').set(auth).expect(200);
      expect(after.body.weekly).toEqual([{ weekday: 1, start: '09:00', end: '17:00' }]);
    });

    it('allows touching ranges but at most 6 ranges a day', async () => {
      const { auth } = await trainer();
      const seven = Array.from({ length: 7 }, (_, i) => ({
        weekday: 4,
        start: `${String(8 + i).padStart(2, '0')}:00`,
        end: `${String(9 + i).padStart(2, '0')}:00`,
      }));
      const res = await t.http().put('/api/v1/availability').set(auth).send({ weekly: seven }).expect(422);
      expect(res.body.errors).toEqual({ 'weekly.6': ['Up to 6 ranges a day on Thursday.'] });
      await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: seven.slice(0, 6) })
        .expect(200);
    });

    it('answers 400 for a malformed body: wrong types and unknown fields', async () => {
      const { auth } = await trainer();
      const res = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [{ weekday: '1', start: 9, end: '12:00', colour: 'red' }], extra: true })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Object.keys(res.body.errors)).toEqual(
        expect.arrayContaining(['weekly.0.weekday', 'weekly.0.start', 'weekly.0.colour', 'extra']),
      );
      await t.http().put('/api/v1/availability').set(auth).send({}).expect(400);
    });

    it('needs a bearer token', async () => {
      await t.http().get('/api/v1/availability').expect(401);
    });

    it('keeps each trainer’s availability to themselves', async () => {
      const owner = await trainer();
      const other = await trainer();
      await t
        .http()
        .put('/api/v1/availability')
        .set(owner.auth)
        .send({ weekly: [{ weekday: 1, start: '06:00', end: '07:00' }] })
        .expect(200);
      const res = await t.http().get('/api/v1/availability').set(other.auth).expect(200);
      expect(res.body.weekly).toEqual([]);
    });
  });

  describe('GET /api/v1/availability/slots', () => {
    it('lists free times with offsets, minus a confirmed session, and frees it for its own reschedule', async () => {
      const owner = await trainer();
      const tuesday = upcoming(2);
      await t
        .http()
        .put('/api/v1/availability')
        .set(owner.auth)
        .send({ weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] })
        .expect(200);
      const booking = await book(
        owner,
        zonedTimeToUtc(tuesday, '10:00', 'Europe/London'),
        zonedTimeToUtc(tuesday, '11:00', 'Europe/London'),
      );

      const res = await t
        .http()
        .get(`/api/v1/availability/slots?date=${tuesday}&durationMinutes=60`)
        .set(owner.auth)
        .expect(200);
      expect(res.body).toMatchObject({
        date: tuesday,
        durationMinutes: 60,
        timeZone: 'Europe/London',
        workingHours: [{ start: '09:00', end: '12:00' }],
        dayOff: null,
        warnings: [],
      });
      expect(res.body.slots.map((slot: { label: string }) => slot.label)).toEqual(['09:00', '11:00']);
      expect(res.body.slots[0].start).toMatch(new RegExp(`^${tuesday}T09:00:00[+-]\\d{2}:\\d{2}$`));
      expect(new Date(res.body.slots[0].end).getTime() - new Date(res.body.slots[0].start).getTime()).toBe(3_600_000);

      const rescheduling = await t
        .http()
        .get(`/api/v1/availability/slots?date=${tuesday}&durationMinutes=60&excludeBookingId=${booking}`)
        .set(owner.auth)
        .expect(200);
      expect(rescheduling.body.slots).toHaveLength(9);
    });

    it('offers no start sooner than the trainer’s minimum notice, and every start after it', async () => {
      const owner = await trainer();
      const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' }));
      await t.http().put('/api/v1/availability').set(owner.auth).send({ weekly }).expect(200);
      const tomorrow = addDays(localDateOf(new Date(), 'Europe/London'), 1);
      const starts = async () => {
        const res = await t
          .http()
          .get(`/api/v1/availability/slots?date=${tomorrow}&durationMinutes=45`)
          .set(owner.auth)
          .expect(200);
        return (res.body.slots as Array<{ start: string }>).map((slot) => new Date(slot.start).getTime());
      };
      const withoutNotice = await starts();
      expect(withoutNotice.length).toBeGreaterThan(80);
      await t.http().patch('/api/v1/trainer').set(owner.auth).send({ minimumNoticeHours: 36 }).expect(200);
      const before = Date.now();
      const offered = await starts();
      const after = Date.now();
      const notice = 36 * 3_600_000;
      expect(offered.filter((start) => start < before + notice)).toEqual([]);
      expect(offered).toEqual(expect.arrayContaining(withoutNotice.filter((start) => start >= after + notice)));
      // 36 h from any moment today is tomorrow noon or later, so at least tomorrow's first twelve hours go.
      expect(offered.length).toBeLessThanOrEqual(withoutNotice.length - 48);
    });

    it('ignores cancelled sessions and other trainers’ sessions', async () => {
      const owner = await trainer();
      const other = await trainer();
      const tuesday = upcoming(2);
      for (const who of [owner, other]) {
        await t
          .http()
          .put('/api/v1/availability')
          .set(who.auth)
          .send({ weekly: [{ weekday: 2, start: '09:00', end: '11:00' }] })
          .expect(200);
      }
      await book(
        owner,
        zonedTimeToUtc(tuesday, '09:00', 'Europe/London'),
        zonedTimeToUtc(tuesday, '10:00', 'Europe/London'),
        'cancelled',
      );
      await book(
        other,
        zonedTimeToUtc(tuesday, '09:00', 'Europe/London'),
        zonedTimeToUtc(tuesday, '11:00', 'Europe/London'),
      );
      const res = await t
        .http()
        .get(`/api/v1/availability/slots?date=${tuesday}&durationMinutes=60`)
        .set(owner.auth)
        .expect(200);
      expect(res.body.slots.map((slot: { label: string }) => slot.label)).toEqual([
        '09:00',
        '09:15',
        '09:30',
        '09:45',
        '10:00',
      ]);
    });

    it('offers nothing on a day off and says why', async () => {
      const owner = await trainer();
      const tuesday = upcoming(2);
      await t
        .http()
        .put('/api/v1/availability')
        .set(owner.auth)
        .send({
          weekly: [{ weekday: 2, start: '09:00', end: '12:00' }],
          daysOff: [{ date: tuesday, reason: 'Holiday' }],
        })
        .expect(200);
      const res = await t
        .http()
        .get(`/api/v1/availability/slots?date=${tuesday}&durationMinutes=30`)
        .set(owner.auth)
        .expect(200);
      expect(res.body.slots).toEqual([]);
      expect(res.body.dayOff).toMatchObject({ date: tuesday, reason: 'Holiday' });
      expect(res.body.warnings).toEqual(['That’s a day off (Holiday)']);
    });

    it('keeps 09:00 local on the spring-forward Sunday in New York', async () => {
      const owner = await trainer('America/New_York');
      const sunday = futureDstSunday(['2027-03-14', '2028-03-12', '2029-03-11', '2030-03-10']);
      await t
        .http()
        .put('/api/v1/availability')
        .set(owner.auth)
        .send({
          weekly: [
            { weekday: 7, start: '01:00', end: '04:00' },
            { weekday: 7, start: '09:00', end: '10:00' },
          ],
        })
        .expect(200);
      const res = await t
        .http()
        .get(`/api/v1/availability/slots?date=${sunday}&durationMinutes=60`)
        .set(owner.auth)
        .expect(200);
      const labels = res.body.slots.map((slot: { label: string }) => slot.label);
      expect(labels.filter((label: string) => label.startsWith('02:'))).toEqual([]);
      expect(res.body.slots.at(-1)).toEqual({
        start: `${sunday}T09:00:00-04:00`,
        end: `${sunday}T10:00:00-04:00`,
        label: '09:00',
      });
    });

    it('answers 400 problem+json for a bad query', async () => {
      const { auth } = await trainer();
      for (const query of [
        'date=2026-02-30&durationMinutes=60',
        'date=tomorrow&durationMinutes=60',
        'durationMinutes=60',
        'date=2027-01-05&durationMinutes=abc',
        'date=2027-01-05&durationMinutes=0',
        'date=2027-01-05&durationMinutes=60&excludeBookingId=nope',
      ]) {
        const res = await t.http().get(`/api/v1/availability/slots?${query}`).set(auth);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    });
  });
});
