import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';
import { daysFromNow } from '../../helpers/time.js';

// One app for the file: both doors' halves of the feature are read through the same API.
const t = useTestApp();

describe('TrainersApiController reminder settings', () => {
  async function signedIn() {
    const trainer = await createTrainer(t, { name: 'Siobhán O’Brien' });
    const auth = bearer((await apiLogin(t, trainer.email, trainer.password)).accessToken);
    return { trainer, auth };
  }

  it('reads the defaults: 24 and 2 hours, quiet 21:00–08:00, credit notices on, trainer copies off', async () => {
    const { auth } = await signedIn();
    const res = await t.http().get('/api/v1/trainer').set(auth).expect(200);
    expect(res.body).toMatchObject({
      reminderLeadMinutes: [1440, 120],
      quietHoursEnabled: true,
      quietHoursStart: '21:00',
      quietHoursEnd: '08:00',
      trainerCopiesEnabled: false,
      creditNoticesEnabled: true,
    });
  });

  it('updates them, and keeps the window while quiet hours are off', async () => {
    const { auth } = await signedIn();
    await t
      .http()
      .patch('/api/v1/trainer')
      .set(auth)
      .send({ reminderLeadMinutes: [15, 10_080], quietHoursStart: '22:30', quietHoursEnd: '06:45' })
      .expect(200);
    const res = await t
      .http()
      .patch('/api/v1/trainer')
      .set(auth)
      .send({ quietHoursEnabled: false, trainerCopiesEnabled: true, creditNoticesEnabled: false })
      .expect(200);
    expect(res.body).toMatchObject({
      reminderLeadMinutes: [10_080, 15],
      quietHoursEnabled: false,
      quietHoursStart: '22:30',
      quietHoursEnd: '06:45',
      trainerCopiesEnabled: true,
      creditNoticesEnabled: false,
    });
  });

  it('answers 422 with a message per bad field', async () => {
    const { auth } = await signedIn();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ reminderLeadMinutes: [] }, 'reminderLeadMinutes', /at least one/],
      [{ reminderLeadMinutes: [10] }, 'reminderLeadMinutes', /15 minutes and 7 days/],
      [{ reminderLeadMinutes: [10_081] }, 'reminderLeadMinutes', /15 minutes and 7 days/],
      [{ reminderLeadMinutes: [120, 120] }, 'reminderLeadMinutes', /different time/],
      [{ quietHoursStart: '24:00' }, 'quietHoursStart', /like 21:00/],
      [{ quietHoursEnd: '7:00' }, 'quietHoursEnd', /like 21:00/],
      [{ quietHoursStart: '08:00' }, 'quietHoursEnd', /another time than they start/],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.http().patch('/api/v1/trainer').set(auth).send(body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Object.keys(res.body.errors)).toEqual([field]);
      expect(res.body.errors[field][0]).toMatch(message);
    }
    const unchanged = await t.http().get('/api/v1/trainer').set(auth).expect(200);
    expect(unchanged.body).toMatchObject({ reminderLeadMinutes: [1440, 120], quietHoursStart: '21:00' });
  });

  it('refuses a setting of the wrong type with 400', async () => {
    const { auth } = await signedIn();
    for (const body of [{ trainerCopiesEnabled: 'yes' }, { quietHoursStart: null }, { quietHoursEnabled: 1 }])
      await t.http().patch('/api/v1/trainer').set(auth).send(body).expect(400);
  });

  it('keeps sign-in’s trainer summary as it was', async () => {
    const { auth } = await signedIn();
    const me = await t.http().get('/api/v1/auth/me').set(auth).expect(200);
    expect(me.body.trainer).not.toHaveProperty('quietHoursStart');
  });
});

describe('BookingsApiController origin', () => {
  it('marks a session booked and cancelled through the API as such in the outbox', async () => {
    const trainer = await createTrainer(t, { name: 'Łukasz Nowak' });
    const client = await createClient(t, trainer.actor, { name: 'Ελένη Παπαδοπούλου' });
    const auth = bearer((await apiLogin(t, trainer.email, trainer.password)).accessToken);
    const booked = await t
      .http()
      .post('/api/v1/bookings')
      .set(auth)
      .send({ clientId: client.id, startTime: daysFromNow(30), durationMinutes: 60 })
      .expect(201);
    const id = booked.body.booking?.id ?? booked.body.id;
    await t.http().post(`/api/v1/bookings/${id}/cancel`).set(auth).send({ reason: 'Travelling' }).expect(200);
    const db = await rawClient();
    try {
      const { rows } = await db.query<{ topic: string; origin: string | null }>(
        `select topic, payload->>'origin' as origin from outbox_messages where payload->>'bookingId' = $1
          order by created_at`,
        [id],
      );
      expect(rows).toEqual([
        { topic: 'booking.created', origin: 'api' },
        { topic: 'booking.cancelled', origin: 'api' },
      ]);
    } finally {
      await db.end();
    }
  });
});
