import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTrainer } from '../../factories/accounts.factory.js';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { insertNotifications } from '../../factories/notifications.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectApiRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { daysFromNow } from '../../helpers/time.js';

const HOUR = 3_600_000;

describe('GET /api/v1/bookings/:id/notifications', () => {
  const t = useTestApp();

  async function sessionWithLog() {
    const trainer = await createTrainer(t, { name: 'Siobhán O’Brien' });
    const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
    const client = await createClient(t, trainer.actor, { name: 'Łukasz Nowak', email: 'lukasz@example.test' });
    const start = new Date(daysFromNow(3, 9));
    const [bookingId = ''] = await insertBookings(trainer.actor, client.id, [{ start }]);
    const [confirmation, failed, moved, planned] = await insertNotifications(trainer.actor, bookingId, [
      {
        purpose: 'booking_confirmed',
        status: 'sent',
        scheduledFor: new Date(start.getTime() - 72 * HOUR),
        sentAt: new Date(start.getTime() - 72 * HOUR + 1500),
        recipient: 'lukasz@example.test',
        providerMessageId: '<c0nf1rm@trainerhub>',
      },
      {
        purpose: 'reminder:1440',
        status: 'failed',
        scheduleVersion: 1,
        scheduledFor: new Date(start.getTime() - 24 * HOUR),
        attempts: 6,
        recipient: 'lukasz@example.test',
        lastError: 'EENVELOPE: 550 5.1.1 <lukasz@example.test>: Recipient address rejected\n    at SMTPConnection._f',
        providerMessageId: '<rem1nd@trainerhub>',
      },
      {
        purpose: 'reminder:1440',
        status: 'cancelled',
        scheduleVersion: 0,
        scheduledFor: new Date(start.getTime() - 23 * HOUR),
        lastError: 'rescheduled',
      },
      {
        purpose: 'reminder:120',
        status: 'planned',
        scheduleVersion: 1,
        scheduledFor: new Date(start.getTime() - 2 * HOUR),
      },
    ]);
    return { trainer, auth: bearer(accessToken), bookingId, ids: { confirmation, failed, moved, planned } };
  }

  it('answers the log soonest first, with purposes, statuses and reasons as sentences', async () => {
    const { auth, bookingId, ids } = await sessionWithLog();
    const res = await t.http().get(`/api/v1/bookings/${bookingId}/notifications`).set(auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.bookingId).toBe(bookingId);
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([
      ids.confirmation,
      ids.failed,
      ids.moved,
      ids.planned,
    ]);
    expect(res.body.items[0]).toEqual({
      id: ids.confirmation,
      purpose: 'confirmation',
      leadMinutes: null,
      channel: 'email',
      status: 'sent',
      scheduleVersion: 0,
      scheduledFor: expect.stringMatching(/Z$/),
      sentAt: expect.stringMatching(/Z$/),
      attempts: 1,
      recipient: 'lukasz@example.test',
      reasonCode: null,
      reason: null,
      providerMessageId: '<c0nf1rm@trainerhub>',
      updatedAt: expect.stringMatching(/Z$/),
    });
    expect(res.body.items[1]).toMatchObject({
      purpose: 'reminder',
      leadMinutes: 1440,
      status: 'failed',
      attempts: 6,
      sentAt: null,
      reasonCode: 'send_failed',
      reason:
        'The mail server refused it: 550 5.1.1 <lukasz@example.test>: Recipient address rejected. Gave up after 6 attempts.',
    });
    expect(res.body.items[2]).toMatchObject({
      purpose: 'reminder',
      status: 'skipped',
      reasonCode: 'rescheduled',
      reason: 'Not sent: the session moved, and a reminder for the new time replaces this one.',
    });
    expect(res.body.items[3]).toMatchObject({
      purpose: 'reminder',
      leadMinutes: 120,
      status: 'planned',
      attempts: 0,
      reason: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('SMTPConnection');
  });

  it('answers an empty list for a session with nothing planned yet', async () => {
    const trainer = await createTrainer(t, { name: 'Ελένη Παπαδοπούλου' });
    const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
    const client = await createClient(t, trainer.actor, { name: '李小龍' });
    const [bookingId] = await insertBookings(trainer.actor, client.id, [{ start: daysFromNow(5) }]);
    const res = await t.http().get(`/api/v1/bookings/${bookingId}/notifications`).set(bearer(accessToken)).expect(200);
    expect(res.body).toEqual({ bookingId, items: [] });
  });

  it('shows a skip for a client who unsubscribed', async () => {
    const { trainer, auth, bookingId } = await sessionWithLog();
    const db = await rawClient();
    try {
      await db.query(
        `update notifications set status = 'skipped', last_error = 'opted_out' where booking_id = $1 and purpose = 'reminder:120'`,
        [bookingId],
      );
    } finally {
      await db.end();
    }
    const res = await t.http().get(`/api/v1/bookings/${bookingId}/notifications`).set(auth).expect(200);
    expect(res.body.items.at(-1)).toMatchObject({
      status: 'skipped',
      reasonCode: 'opted_out',
      reason: 'Not sent: the client unsubscribed from emails.',
    });
    expect(trainer.actor.trainerId).toBeTruthy();
  });

  it('hides another trainer’s session (404 problem+json), like an unknown or malformed id', async () => {
    const pair = await createTenantPair(t);
    const client = await createClient(t, pair.owner.actor, { name: 'Siobhán O’Brien' });
    const [bookingId = ''] = await insertBookings(pair.owner.actor, client.id, [{ start: daysFromNow(4) }]);
    await insertNotifications(pair.owner.actor, bookingId, [
      { purpose: 'booking_confirmed', status: 'sent', scheduledFor: new Date(), sentAt: new Date() },
    ]);
    await expectApiRoutesHidden(t, pair, [
      { method: 'get', path: `/api/v1/bookings/${bookingId}/notifications` },
      { method: 'get', path: `/api/v1/bookings/${randomUUID()}/notifications` },
      { method: 'get', path: '/api/v1/bookings/not-a-uuid/notifications' },
    ]);
    const own = await t
      .http()
      .get(`/api/v1/bookings/${bookingId}/notifications`)
      .set(bearer(pair.owner.tokens.accessToken))
      .expect(200);
    expect(own.body.items).toHaveLength(1);
  });

  it('needs a bearer token', async () => {
    const res = await t.http().get(`/api/v1/bookings/${randomUUID()}/notifications`);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
