import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

/** The landmarks that tell the two shells apart. */
const APP_NAV = 'aria-label="Main"';
const SIGN_UP = 'href="/register"';

describe('Error pages (WebErrorRenderer)', () => {
  const t = useTestApp();

  async function signedIn(name: string): Promise<WebAgent> {
    const trainer = await createTrainer(t, { name });
    const web = new WebAgent(t);
    expect((await web.login(trainer.email, trainer.password)).status).toBe(303);
    return web;
  }

  it('shows a signed-in trainer the 404 of an unknown URL inside the app shell, with their name and no sign-up', async () => {
    const web = await signedIn('Siobhán O’Brien');
    const res = await web.agent
      .get('/no-such-page')
      .expect(404)
      .expect('content-type', /text\/html/);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain(APP_NAV);
    expect(res.text).toContain('href="/bookings"');
    expect(res.text).toContain('Siobhán O’Brien');
    expect(res.text).toContain('action="/logout"');
    expect(res.text).not.toContain(SIGN_UP);
    expect(res.text).not.toContain('>Log in<');
  });

  it('keeps the app shell for a 404 a page raised after the guard (another trainer’s client)', async () => {
    const web = await signedIn('Łukasz Nowak');
    const res = await web.agent.get('/clients/00000000-0000-4000-8000-000000000000').expect(404);
    expect(res.text).toContain(APP_NAV);
    expect(res.text).not.toContain(SIGN_UP);
  });

  it('shows a visitor without a session the public shell with Log in and Sign up', async () => {
    const res = await t.http().get('/no-such-page').expect(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain(SIGN_UP);
    expect(res.text).toContain('href="/login"');
    expect(res.text).not.toContain(APP_NAV);
  });

  it('treats a stale or forged session cookie as no session', async () => {
    const res = await t
      .http()
      .get('/no-such-page')
      .set('cookie', 'th_session=forged.value; __Host-th_session=forged.value')
      .expect(404);
    expect(res.text).toContain(SIGN_UP);
    expect(res.text).not.toContain(APP_NAV);
  });

  it('shows a waiting flash on the error page, once', async () => {
    const web = await signedIn('Ελένη Παπαδοπούλου');
    expect((await web.post('/logout', {}, '/settings')).status).toBe(303);
    const first = await web.agent.get('/no-such-page').expect(404);
    expect(first.text).toContain('You’re logged out');
    const second = await web.agent.get('/no-such-page').expect(404);
    expect(second.text).not.toContain('You’re logged out');
  });

  it('answers htmx with a flash retargeted to #flash, never a page, signed in or not', async () => {
    const web = await signedIn('李小龍');
    const res = await web.agent
      .get('/no-such-page')
      .set({ 'HX-Request': 'true', 'HX-Request-Type': 'partial' })
      .expect(404);
    expect(res.headers['hx-retarget']).toBe('#flash');
    expect(res.text).not.toContain('<html');
  });
});
