import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { useTestApp } from '../../helpers/test-app.js';
import { daysFromNow } from '../../helpers/time.js';
import { WebAgent } from '../../helpers/web-agent.js';

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('the bookings list fragment markup', () => {
  const t = useTestApp();

  async function listed() {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor, { name: 'Siobhán O’Brien' });
    const [pendingId] = await insertBookings(trainer.actor, client.id, [
      { start: daysFromNow(2), status: 'pending' },
      { start: daysFromNow(3), status: 'confirmed' },
    ]);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const csrf = await web.csrf('/bookings');
    const fragment = await web.agent.get('/bookings/list').set(HTMX).expect(200);
    return { web, csrf, html: fragment.text, pendingId: pendingId ?? '' };
  }

  it('carries the CSRF token once, in the shared form every row action submits', async () => {
    const { csrf, html, pendingId } = await listed();
    expect(html.match(/name="_csrf"/g)).toHaveLength(1);
    expect(html).toContain(
      `<form id="bookings-actions" method="post" hidden><input type="hidden" name="_csrf" value="${csrf}">`,
    );
    expect(html).toContain(
      `<button form="bookings-actions" formaction="/bookings/${pendingId}/confirm" hx-post="/bookings/${pendingId}/confirm"`,
    );
    expect(html).not.toContain('<form method="post"');
  });

  it('confirms without JavaScript: the shared form posted to the button’s formaction returns to the list', async () => {
    const { web, csrf, pendingId } = await listed();
    const res = await web.agent
      .post(`/bookings/${pendingId}/confirm`)
      .set('referer', 'http://127.0.0.1/bookings')
      .type('form')
      .send({ _csrf: csrf });
    expect(res.status).toBe(303);
    const after = await web.agent.get('/bookings/list').set(HTMX).expect(200);
    expect(after.text).not.toContain(`formaction="/bookings/${pendingId}/confirm"`);
  });
});
