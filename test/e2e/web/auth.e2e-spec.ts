import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTrainer, DEFAULT_PASSWORD, uniqueEmail } from '../../factories/accounts.factory.js';
import { useTestApp } from '../../helpers/test-app.js';
import { csrfFrom, setCookieValue, WebAgent } from '../../helpers/web-agent.js';

describe('AuthWebController', () => {
  const t = useTestApp();

  describe('register', () => {
    it('creates the account, signs in and lands on the dashboard', async () => {
      const web = new WebAgent(t);
      const email = uniqueEmail('new');
      const res = await web.register({
        name: 'Jamie Fox',
        email,
        password: 'kettlebell-swing-99',
        businessName: 'Fox Fitness',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/dashboard');
      const dashboard = await web.agent.get('/dashboard').expect(200);
      expect(dashboard.text).toContain('Fox Fitness');
      expect(dashboard.text).toContain('Welcome to TrainerHub, Jamie Fox!');
    });

    it('refuses a duplicate email whatever its case, keeping what was typed but not the password', async () => {
      const existing = await createTrainer(t);
      const web = new WebAgent(t);
      const res = await web.register({
        name: 'Copy Cat',
        email: existing.email.toUpperCase(),
        password: 'kettlebell-swing-99',
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain('An account with this email already exists');
      expect(res.text).toContain('value="Copy Cat"');
      expect(res.text).not.toContain('kettlebell-swing-99');
    });

    it.each([
      ['a short password', { password: 'short' }, 'at least 10 characters'],
      ['a common password', { password: 'Password123' }, 'too common'],
      ['a malformed email', { email: 'not-an-email' }, 'Enter a valid email address'],
    ])('explains %s next to the field', async (_label, override, message) => {
      const web = new WebAgent(t);
      const res = await web.register({
        name: 'Sam Lee',
        email: uniqueEmail(),
        password: 'kettlebell-swing-99',
        ...override,
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('aria-invalid="true"');
    });
  });

  describe('login and logout', () => {
    it('sends a signed-out visitor of a private page to /login?next=… and back there after login', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      const blocked = await web.agent.get('/settings').expect(303);
      expect(blocked.headers.location).toBe('/login?next=%2Fsettings');
      const page = await web.agent.get(blocked.headers.location).expect(200);
      expect(page.text).toContain('name="next" value="/settings"');
      const res = await web.login(trainer.email, trainer.password, '/settings');
      expect(res.headers.location).toBe('/settings');
    });

    it('ignores an off-site next target', async () => {
      const trainer = await createTrainer(t);
      const res = await new WebAgent(t).login(trainer.email, trainer.password, '//evil.test/steal');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/dashboard');
    });

    it('gives one generic error for an unknown email and for a wrong password', async () => {
      const trainer = await createTrainer(t);
      const wrongPassword = await new WebAgent(t).login(trainer.email, 'not-the-password');
      const unknownEmail = await new WebAgent(t).login(uniqueEmail('nobody'), 'not-the-password');
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      const message = 'That email and password don’t match an account.';
      expect(wrongPassword.text).toContain(message);
      expect(unknownEmail.text).toContain(message);
      expect(wrongPassword.text).toContain(`value="${trainer.email}"`);
    });

    it('redirects htmx requests for private pages with HX-Redirect instead of a 3xx', async () => {
      const res = await t
        .http()
        .get('/settings')
        .set('HX-Request', 'true')
        .set('HX-Request-Type', 'partial')
        .expect(200);
      expect(res.headers['hx-redirect']).toBe('/login?next=%2Fsettings');
    });

    it('logs out on POST /logout and the old session cookie stops working', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      const login = await web.login(trainer.email, trainer.password);
      const cookie = setCookieValue(login, 'th_session');
      expect(cookie).toBeTruthy();
      const out = await web.post('/logout', {}, '/dashboard');
      expect(out.status).toBe(303);
      expect(out.headers.location).toBe('/login');
      await request(t.app.getHttpServer()).get('/dashboard').set('cookie', `th_session=${cookie}`).expect(303);
    });

    it('sends a signed-in visitor of / or /login to the dashboard', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      await web.login(trainer.email, trainer.password);
      expect((await web.agent.get('/').expect(303)).headers.location).toBe('/dashboard');
      expect((await web.agent.get('/login').expect(303)).headers.location).toBe('/dashboard');
    });

    it('never accepts a bearer token on web pages', async () => {
      const trainer = await createTrainer(t);
      const api = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: trainer.email, password: trainer.password })
        .expect(200);
      await t.http().get('/dashboard').set('authorization', `Bearer ${api.body.accessToken}`).expect(303);
    });
  });

  describe('session fixation', () => {
    it('issues a new session id at login, so a planted cookie is worthless', async () => {
      const trainer = await createTrainer(t);
      const planted = 'attacker-chosen-session-value-0123456789abcdefgh';
      const server = t.app.getHttpServer();
      const page = await request(server).get('/login').set('cookie', `th_session=${planted}`);
      const anon = setCookieValue(page, 'th_csrf');
      const login = await request(server)
        .post('/login')
        .set('cookie', `th_session=${planted}; th_csrf=${anon}`)
        .type('form')
        .send({ email: trainer.email, password: trainer.password, _csrf: csrfFrom(page.text) })
        .expect(303);
      const issued = setCookieValue(login, 'th_session');
      expect(issued).toBeTruthy();
      expect(issued).not.toBe(planted);
      await request(server).get('/dashboard').set('cookie', `th_session=${planted}`).expect(303);
      await request(server).get('/dashboard').set('cookie', `th_session=${issued}`).expect(200);
    });

    it('replaces the session of a user who logs in again', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      const first = setCookieValue(await web.login(trainer.email, trainer.password), 'th_session');
      const second = setCookieValue(
        await web.post('/login', { email: trainer.email, password: trainer.password }, '/settings'),
        'th_session',
      );
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);
    });
  });

  describe('CSRF', () => {
    it('answers 403 to a form post without a token and changes nothing', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      await web.login(trainer.email, trainer.password);
      const res = await web.agent
        .post('/settings/profile')
        .type('form')
        .send({ name: 'Hacked', businessName: 'Hacked', timeZone: 'UTC', currency: 'USD' });
      expect(res.status).toBe(403);
      const settings = await web.agent.get('/settings').expect(200);
      expect(settings.text).not.toContain('Hacked');
    });

    it('answers 403 to a wrong token, and to logout without one (the session survives)', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      await web.login(trainer.email, trainer.password);
      await web.agent.post('/settings/profile').type('form').send({ name: 'Hacked', _csrf: 'wrong-token' }).expect(403);
      await web.agent.post('/logout').type('form').send({}).expect(403);
      await web.agent.get('/dashboard').expect(200);
    });

    it('accepts the token in the x-csrf-token header, as htmx sends it', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      await web.login(trainer.email, trainer.password);
      const token = await web.csrf('/settings');
      const res = await web.agent
        .post('/settings/profile')
        .set('x-csrf-token', token)
        .set('HX-Request', 'true')
        .set('HX-Request-Type', 'partial')
        .type('form')
        .send({ name: 'Alex Morgan', businessName: 'Header Gym', timeZone: 'Europe/Paris', currency: 'EUR' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('value="Header Gym"');
    });

    it('refuses a cross-site request even with a valid token', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      await web.login(trainer.email, trainer.password);
      const token = await web.csrf('/settings');
      await web.agent
        .post('/logout')
        .set('sec-fetch-site', 'cross-site')
        .type('form')
        .send({ _csrf: token })
        .expect(403);
      await web.agent
        .post('/logout')
        .set('origin', 'https://evil.test')
        .type('form')
        .send({ _csrf: token })
        .expect(403);
      await web.agent.get('/dashboard').expect(200);
    });

    it('protects the login form too', async () => {
      const trainer = await createTrainer(t);
      await t.http().post('/login').type('form').send({ email: trainer.email, password: DEFAULT_PASSWORD }).expect(403);
    });
  });

  describe('throttling', () => {
    it('answers 429 with a friendly message after repeated failures, even for the right password', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect((await web.login(trainer.email, 'wrong-password-here')).status).toBe(401);
      }
      const blocked = await web.login(trainer.email, trainer.password);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Too many login attempts');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
