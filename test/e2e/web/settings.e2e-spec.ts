import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { createTenantPair, expectWebRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const NEW_PASSWORD = 'rowing-machine-at-dawn';

describe('SettingsWebController', () => {
  const t = useTestApp();

  async function signedIn() {
    const trainer = await createTrainer(t);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    return { trainer, web };
  }

  it('shows the profile, policy, password and session sections', async () => {
    const { web } = await signedIn();
    const page = await web.agent.get('/settings').expect(200);
    for (const id of [
      'settings-profile',
      'settings-policy',
      'settings-reminders',
      'settings-password',
      'settings-sessions',
    ])
      expect(page.text).toContain(`id="${id}"`);
    expect(page.text).toContain('This browser');
    expect(page.text).toContain('aria-current="page"');
  });

  it('saves the profile with a plain form post (303, then a flash)', async () => {
    const { web } = await signedIn();
    const res = await web.post('/settings/profile', {
      name: 'Alex Morgan',
      businessName: 'Harbour Gym',
      timeZone: 'America/New_York',
      currency: 'USD',
    });
    expect(res.status).toBe(303);
    const page = await web.agent.get('/settings').expect(200);
    expect(page.text).toContain('Profile saved.');
    expect(page.text).toContain('value="Harbour Gym"');
    expect(page.text).toMatch(/<option value="America\/New_York" selected>/);
  });

  it('answers an htmx save with the section fragment and a toast', async () => {
    const { trainer, web } = await signedIn();
    const token = await web.csrf('/settings');
    const res = await web.agent
      .post('/settings/policy')
      .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'x-csrf-token': token })
      .type('form')
      .send({
        cancellationCutoffHours: '12',
        minimumNoticeHours: '2',
        defaultSessionMinutes: '45',
        makeUpCreditOnLateCancel: 'on',
      })
      .expect(200);
    expect(res.text).toContain('id="settings-policy"');
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('Booking policy saved.');
    expect(res.text).toContain('value="45"');
    expect(res.headers.vary).toContain('HX-Request');
    const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
    const api = await t.http().get('/api/v1/trainer').set(bearer(accessToken)).expect(200);
    expect(api.body).toMatchObject({
      cancellationCutoffHours: 12,
      minimumNoticeHours: 2,
      defaultSessionMinutes: 45,
    });
  });

  describe('reminders and emails', () => {
    it('saves lead times, quiet hours and the email switches with a plain form post (no JavaScript)', async () => {
      const { trainer, web } = await signedIn();
      const res = await web.post('/settings/reminders', {
        reminder1: '48',
        reminder2: '1.5',
        reminder3: '',
        quietHoursEnabled: 'on',
        quietHoursStart: '22:00',
        quietHoursEnd: '07:00',
        trainerCopiesEnabled: 'on',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/settings');
      const page = await web.agent.get('/settings').expect(200);
      expect(page.text).toContain('Reminder settings saved.');
      expect(page.text).toContain('value="22:00"');
      expect(page.text).toMatch(/id="field-trainerCopiesEnabled"[^>]*checked/);
      expect(page.text).not.toMatch(/id="field-creditNoticesEnabled"[^>]*checked/);
      const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
      const api = await t.http().get('/api/v1/trainer').set(bearer(accessToken)).expect(200);
      expect(api.body).toMatchObject({
        reminderLeadMinutes: [2880, 90],
        quietHoursEnabled: true,
        quietHoursStart: '22:00',
        quietHoursEnd: '07:00',
        trainerCopiesEnabled: true,
        creditNoticesEnabled: false,
      });
    });

    it('turns quiet hours off without the times, and keeps them for later', async () => {
      const { trainer, web } = await signedIn();
      const res = await web.post('/settings/reminders', { reminder1: '24', creditNoticesEnabled: 'on' });
      expect(res.status).toBe(303);
      const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
      const api = await t.http().get('/api/v1/trainer').set(bearer(accessToken)).expect(200);
      expect(api.body).toMatchObject({
        reminderLeadMinutes: [1440],
        quietHoursEnabled: false,
        quietHoursStart: '21:00',
        quietHoursEnd: '08:00',
      });
    });

    it('answers an htmx save with the card and a toast', async () => {
      const { web } = await signedIn();
      const token = await web.csrf('/settings');
      const res = await web.agent
        .post('/settings/reminders')
        .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'x-csrf-token': token })
        .type('form')
        .send({ reminder1: '3', quietHoursEnabled: 'on', quietHoursStart: '21:30', quietHoursEnd: '06:30' })
        .expect(200);
      expect(res.text).toContain('id="settings-reminders"');
      expect(res.text).not.toContain('<html');
      expect(res.text).toContain('Reminder settings saved.');
      expect(res.text).toContain('value="21:30"');
    });

    it('re-renders a bad card with 422, a message under each field and what was typed', async () => {
      const { web } = await signedIn();
      const token = await web.csrf('/settings');
      const res = await web.agent
        .post('/settings/reminders')
        .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'x-csrf-token': token })
        .type('form')
        .send({
          reminder1: '0.1',
          reminder2: '200',
          quietHoursEnabled: 'on',
          quietHoursStart: '25:00',
          quietHoursEnd: '',
        })
        .expect(422);
      expect(res.text).toContain('Each reminder must be between 15 minutes and 7 days');
      expect(res.text).toMatch(/id="errors-reminder1"/);
      expect(res.text).toMatch(/id="field-quietHoursStart"[^>]*value="25:00"/);
      expect(res.text).toMatch(/id="field-quietHoursStart"[\s\S]*?aria-invalid="true"/);
      expect(res.text.match(/Enter a time like 21:00\./g)).toHaveLength(2);
      expect(res.text).toContain('value="0.1"');
    });

    it('shows a bad plain post on a page of its own', async () => {
      const { web } = await signedIn();
      const res = await web.post('/settings/reminders', { reminder1: '2', reminder2: '2', quietHoursEnabled: '' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Give each reminder a different time.');
      expect(res.text).toContain('Back to settings');
      expect(res.text).not.toContain('id="settings-policy"');
    });
  });

  it('re-renders a bad section with 422, field messages and the typed values', async () => {
    const { web } = await signedIn();
    const token = await web.csrf('/settings');
    const res = await web.agent
      .post('/settings/profile')
      .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'x-csrf-token': token })
      .type('form')
      .send({ name: 'Alex', businessName: '', timeZone: 'Nowhere/Land', currency: 'GBP' })
      .expect(422);
    expect(res.text).toContain('Enter a business name');
    expect(res.text).toContain('Choose a time zone from the list.');
    expect(res.text).toContain('value="Alex"');
  });

  it('re-renders a bad section on a page of its own for a plain post, with the typed values', async () => {
    const { web } = await signedIn();
    const res = await web.post('/settings/profile', {
      name: 'Ελένη',
      businessName: '',
      timeZone: 'Europe/London',
      currency: 'GBP',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html');
    expect(res.text).toContain('Enter a business name');
    expect(res.text).toContain('value="Ελένη"');
    expect(res.text).toContain('Back to settings');
    expect(res.text).not.toContain('id="settings-sessions"');
  });

  describe('password change', () => {
    it('revokes other sessions and every refresh token, and keeps this browser signed in', async () => {
      const { trainer, web } = await signedIn();
      const other = new WebAgent(t);
      await other.login(trainer.email, trainer.password);
      const device = await apiLogin(t, trainer.email, trainer.password);

      const res = await web.post('/settings/password', {
        currentPassword: trainer.password,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(res.status).toBe(303);

      await web.agent.get('/settings').expect(200);
      await other.agent.get('/settings').expect(303);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: device.refreshToken }).expect(401);
      await t.http().get('/api/v1/auth/me').set(bearer(device.accessToken)).expect(401);
      await apiLogin(t, trainer.email, NEW_PASSWORD);
    });

    it('answers htmx with a full reload of /settings, which then works with the new session', async () => {
      const { trainer, web } = await signedIn();
      const token = await web.csrf('/settings');
      const res = await web.agent
        .post('/settings/password')
        .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'x-csrf-token': token })
        .type('form')
        .send({ currentPassword: trainer.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
        .expect(200);
      expect(res.headers['hx-redirect']).toBe('/settings');
      const page = await web.agent.get('/settings').expect(200);
      expect(page.text).toContain('Password changed.');
    });

    it('refuses a wrong current password and a weak new one, with field messages', async () => {
      const { web } = await signedIn();
      const wrong = await web.post('/settings/password', {
        currentPassword: 'not-my-password',
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('This isn’t your current password.');
      const mismatch = await web.post('/settings/password', {
        currentPassword: 'x',
        newPassword: NEW_PASSWORD,
        confirmPassword: 'different',
      });
      expect(mismatch.text).toContain('don’t match');
    });
  });

  describe('sessions and devices', () => {
    it('logs out another browser from the list', async () => {
      const { trainer, web } = await signedIn();
      const other = new WebAgent(t);
      await other.login(trainer.email, trainer.password);
      const page = await web.agent.get('/settings').expect(200);
      // action= and hx-post= both name it; one other browser means one distinct handle.
      const handles = [
        ...new Set([...page.text.matchAll(/\/settings\/sessions\/([0-9a-f]{64})\/revoke/g)].map((m) => m[1])),
      ];
      expect(handles).toHaveLength(1);
      await web.post(`/settings/sessions/${handles[0]}/revoke`, {}).then((r) => expect(r.status).toBe(303));
      await other.agent.get('/settings').expect(303);
      await web.agent.get('/settings').expect(200);
    });

    it('answers htmx with a toast and sessionsChanged, and the card refreshes from its own URL', async () => {
      const { trainer, web } = await signedIn();
      const other = new WebAgent(t);
      await other.login(trainer.email, trainer.password);
      const page = await web.agent.get('/settings').expect(200);
      expect(page.text).toMatch(
        /id="settings-sessions"[^>]*hx-get="\/settings\/sessions" hx-trigger="sessionsChanged from:body"/,
      );
      const handle = /\/settings\/sessions\/([0-9a-f]{64})\/revoke/.exec(page.text)?.[1] ?? '';
      const token = await web.csrf('/settings');
      const res = await web.agent
        .post(`/settings/sessions/${handle}/revoke`)
        .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'x-csrf-token': token })
        .expect(200);
      expect(JSON.parse(res.headers['hx-trigger'])).toHaveProperty('sessionsChanged');
      expect(res.text).toContain('Session logged out.');
      const card = await web.agent
        .get('/settings/sessions')
        .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial' })
        .expect(200);
      expect(card.text).toMatch(/^<section id="settings-sessions"/);
      expect(card.text).not.toContain(handle);
      expect(card.text).toContain('This browser');
    });

    it('lists API devices and logs one out', async () => {
      const { trainer, web } = await signedIn();
      const device = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: trainer.email, password: trainer.password, deviceName: 'Alex’s iPhone' })
        .expect(200);
      const page = await web.agent.get('/settings').expect(200);
      expect(page.text).toContain('Alex’s iPhone');
      const familyId = /\/settings\/devices\/([0-9a-f-]{36})\/revoke/.exec(page.text)?.[1];
      expect(familyId).toBeDefined();
      await web.post(`/settings/devices/${familyId}/revoke`, {});
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: device.body.refreshToken }).expect(401);
    });

    it('"log out everywhere else" ends other browsers and devices', async () => {
      const { trainer, web } = await signedIn();
      const other = new WebAgent(t);
      await other.login(trainer.email, trainer.password);
      const device = await apiLogin(t, trainer.email, trainer.password);
      await web.post('/settings/sessions/revoke-others', {});
      await other.agent.get('/dashboard').expect(303);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: device.refreshToken }).expect(401);
      await web.agent.get('/dashboard').expect(200);
    });
  });

  describe('tenant isolation', () => {
    it('answers 404 when another trainer names this trainer’s sessions and devices', async () => {
      const pair = await createTenantPair(t);
      const second = new WebAgent(t);
      await second.login(pair.owner.email, pair.owner.password);
      const page = (await pair.owner.web.agent.get('/settings').expect(200)).text;
      const handle = /\/settings\/sessions\/([0-9a-f]{64})\/revoke/.exec(page)?.[1];
      const familyId = /\/settings\/devices\/([0-9a-f-]{36})\/revoke/.exec(page)?.[1];
      expect(handle).toBeDefined();
      expect(familyId).toBeDefined();
      await expectWebRoutesHidden(pair, [
        { method: 'post', path: `/settings/sessions/${handle}/revoke` },
        { method: 'post', path: `/settings/devices/${familyId}/revoke` },
      ]);
      // Nothing of the owner's was touched.
      await second.agent.get('/settings').expect(200);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: pair.owner.tokens.refreshToken }).expect(200);
    });
  });
});
