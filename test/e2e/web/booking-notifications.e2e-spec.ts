import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { insertNotifications } from '../../factories/notifications.factory.js';
import { createTenantPair, expectWebRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

/** The markup with Handlebars' escapes undone, as a browser reads it. */
function html(res: { text: string }): string {
  return res.text
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('The notification timeline on a session’s details (GET /bookings/:id)', () => {
  const t = useTestApp();

  /** A session on Wed 3 Dec 2031 09:00 London time, with a sent confirmation, a failed and a planned reminder. */
  async function sessionWithLog() {
    const trainer = await createTrainer(t, { name: 'Siobhán O’Brien', timeZone: 'Europe/London' });
    const client = await createClient(t, trainer.actor, { name: 'Łukasz Nowak', email: 'lukasz@example.test' });
    const [bookingId = ''] = await insertBookings(trainer.actor, client.id, [
      { start: '2031-12-03T09:00:00Z', status: 'pending' },
    ]);
    const [sent, failed, planned] = await insertNotifications(trainer.actor, bookingId, [
      {
        purpose: 'booking_confirmed',
        status: 'sent',
        scheduledFor: '2031-11-28T17:05:00Z',
        sentAt: '2031-11-28T17:05:02Z',
        recipient: 'lukasz@example.test',
      },
      {
        purpose: 'reminder:1440',
        status: 'failed',
        scheduledFor: '2031-12-02T09:00:00Z',
        attempts: 6,
        recipient: 'lukasz@example.test',
        lastError: 'EENVELOPE: 550 5.1.1 Mailbox unavailable',
      },
      { purpose: 'reminder:120', status: 'planned', scheduledFor: '2031-12-03T07:00:00Z' },
    ]);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    return { trainer, web, bookingId, ids: { sent, failed, planned } };
  }

  it('renders the timeline in the dialog: what, status, local time and why', async () => {
    const { web, bookingId, ids } = await sessionWithLog();
    const res = await web.agent.get(`/bookings/${bookingId}`).set(PARTIAL).expect(200);
    const page = html(res);
    expect(page).not.toContain('<html');
    expect(page).toContain('id="booking-notifications"');
    expect(page).toContain('1 sent · 1 failed · 1 planned');
    const sent = page.slice(page.indexOf(`id="notification-${ids.sent}"`));
    expect(sent).toMatch(
      /Booking confirmation[\s\S]*Sent[\s\S]*Sent <time datetime="2031-11-28T17:05:02.000Z">Fri 28 Nov, 17:05<\/time>/,
    );
    expect(sent).toContain('to lukasz@example.test');
    const failed = page.slice(page.indexOf(`id="notification-${ids.failed}"`));
    expect(failed).toMatch(/Reminder, 24 hours before[\s\S]*Failed/);
    expect(failed).toContain('The mail server refused it: 550 5.1.1 Mailbox unavailable. Gave up after 6 attempts.');
    const planned = page.slice(page.indexOf(`id="notification-${ids.planned}"`));
    // 07:00 UTC in December is 07:00 in London; the 2-hour reminder of a 09:00 session.
    expect(planned).toMatch(
      /Reminder, 2 hours before[\s\S]*Planned[\s\S]*Goes out <time[^>]*>Wed 3 Dec, 07:00<\/time>/,
    );
    // Soonest first.
    expect(page.indexOf(`notification-${ids.sent}`)).toBeLessThan(page.indexOf(`notification-${ids.failed}`));
    expect(page.indexOf(`notification-${ids.failed}`)).toBeLessThan(page.indexOf(`notification-${ids.planned}`));
  });

  it('renders the same timeline on the page of its own, without JavaScript', async () => {
    const { web, bookingId, ids } = await sessionWithLog();
    const page = html(await web.agent.get(`/bookings/${bookingId}`).expect(200));
    expect(page).toContain('<html');
    expect(page).toContain('Session with Łukasz Nowak');
    expect(page).toContain(`id="notification-${ids.failed}"`);
    expect(page).toContain('Gave up after 6 attempts.');
  });

  it('writes times in the trainer’s zone', async () => {
    const trainer = await createTrainer(t, { name: 'Ελένη', timeZone: 'Asia/Tokyo' });
    const client = await createClient(t, trainer.actor, { name: '李小龍' });
    const [bookingId = ''] = await insertBookings(trainer.actor, client.id, [{ start: '2031-12-03T09:00:00Z' }]);
    await insertNotifications(trainer.actor, bookingId, [
      { purpose: 'reminder:1440', status: 'skipped', scheduledFor: '2031-12-02T09:00:00Z', lastError: 'no_email' },
    ]);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const page = html(await web.agent.get(`/bookings/${bookingId}`).set(PARTIAL).expect(200));
    expect(page).toMatch(/Was (due|planned for) <time[^>]*>Tue 2 Dec, 18:00<\/time>/);
    expect(page).toContain('Not sent: the client has no email address.');
    expect(page).toContain('1 skipped');
  });

  it('has an empty state for a session with nothing planned', async () => {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor);
    const [bookingId = ''] = await insertBookings(trainer.actor, client.id, [{ start: '2031-12-04T09:00:00Z' }]);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const page = html(await web.agent.get(`/bookings/${bookingId}`).set(PARTIAL).expect(200));
    expect(page).toContain('No emails for this session yet.');
  });

  it('keeps the timeline when an action re-renders the dialog', async () => {
    const { web, bookingId, ids } = await sessionWithLog();
    const token = await web.csrf('/bookings');
    const res = await web.agent
      .post(`/bookings/${bookingId}/confirm`)
      .set({ ...PARTIAL, 'x-csrf-token': token })
      .type('form')
      .send({ view: 'details' })
      .expect(200);
    expect(res.text).toContain('Session with Łukasz Nowak');
    expect(res.text).toContain(`id="notification-${ids.planned}"`);
  });

  it('hides another trainer’s session: 404', async () => {
    const pair = await createTenantPair(t);
    const client = await createClient(t, pair.owner.actor, { name: 'Siobhán O’Brien' });
    const [bookingId = ''] = await insertBookings(pair.owner.actor, client.id, [{ start: '2031-12-05T09:00:00Z' }]);
    await insertNotifications(pair.owner.actor, bookingId, [
      {
        purpose: 'booking_confirmed',
        status: 'sent',
        scheduledFor: '2031-11-28T17:05:00Z',
        sentAt: '2031-11-28T17:05:02Z',
      },
    ]);
    await expectWebRoutesHidden(pair, [{ method: 'get', path: `/bookings/${bookingId}` }]);
    const fragment = await pair.intruder.web.agent.get(`/bookings/${bookingId}`).set(PARTIAL);
    expect(fragment.status).toBe(404);
    expect(fragment.text).not.toContain('booking-notifications');
  });
});
