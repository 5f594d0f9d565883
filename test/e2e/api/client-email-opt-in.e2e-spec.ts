import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTrainer } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { createTenantPair, expectApiRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';

async function optOut(clientId: string): Promise<void> {
  const db = await rawClient();
  try {
    await db.query(`update clients set email_opt_out_at = '2031-03-04T10:00:00Z' where id = $1`, [clientId]);
  } finally {
    await db.end();
  }
}

describe('Client email opt-out through the API', () => {
  const t = useTestApp();

  async function signedIn() {
    const trainer = await createTrainer(t, { name: 'Ελένη Παπαδοπούλου' });
    const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
    return { trainer, auth: bearer(accessToken) };
  }

  it('shows emailOptOutAt on the client and in the list', async () => {
    const { trainer, auth } = await signedIn();
    const client = await createClient(t, trainer.actor, { name: 'Siobhán O’Brien' });
    const before = await t.http().get(`/api/v1/clients/${client.id}`).set(auth).expect(200);
    expect(before.body.emailOptOutAt).toBeNull();
    await optOut(client.id);
    const after = await t.http().get(`/api/v1/clients/${client.id}`).set(auth).expect(200);
    expect(after.body.emailOptOutAt).toBe('2031-03-04T10:00:00.000Z');
    const list = await t.http().get('/api/v1/clients').set(auth).expect(200);
    expect(list.body.items.find((item: { id: string }) => item.id === client.id)?.emailOptOutAt).toBe(
      '2031-03-04T10:00:00.000Z',
    );
  });

  it('POST /api/v1/clients/:id/email-opt-in turns emails back on, and again is harmless', async () => {
    const { trainer, auth } = await signedIn();
    const client = await createClient(t, trainer.actor, { name: 'Łukasz Nowak' });
    await optOut(client.id);
    const res = await t.http().post(`/api/v1/clients/${client.id}/email-opt-in`).set(auth).expect(200);
    expect(res.body).toMatchObject({ id: client.id, name: 'Łukasz Nowak', emailOptOutAt: null });
    const again = await t.http().post(`/api/v1/clients/${client.id}/email-opt-in`).set(auth).expect(200);
    expect(again.body.emailOptOutAt).toBeNull();
    const read = await t.http().get(`/api/v1/clients/${client.id}`).set(auth).expect(200);
    expect(read.body.emailOptOutAt).toBeNull();
  });

  it('hides another trainer’s client: 404 problem+json, and the opt-out stays', async () => {
    const pair = await createTenantPair(t);
    const client = await createClient(t, pair.owner.actor, { name: '李小龍' });
    await optOut(client.id);
    await expectApiRoutesHidden(t, pair, [
      { method: 'post', path: `/api/v1/clients/${client.id}/email-opt-in` },
      { method: 'post', path: `/api/v1/clients/${randomUUID()}/email-opt-in` },
    ]);
    const own = await t
      .http()
      .get(`/api/v1/clients/${client.id}`)
      .set(bearer(pair.owner.tokens.accessToken))
      .expect(200);
    expect(own.body.emailOptOutAt).toBe('2031-03-04T10:00:00.000Z');
  });
});
