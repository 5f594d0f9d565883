import { describe, expect, it } from '@jest/globals';
import { useTestApp } from '../../helpers/test-app.js';

describe('PagesWebController', () => {
  const t = useTestApp();

  it('serves the landing page with sign-up and log-in links', async () => {
    const res = await t
      .http()
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(res.text).toContain('href="/register"');
    expect(res.text).toContain('href="/login"');
    expect(res.headers.vary).toContain('HX-Request');
  });

  it('loads htmx, the app script, the styles and the icon sprite from local assets that exist', async () => {
    const res = await t.http().get('/').expect(200);
    for (const src of [
      '/assets/vendor/htmx/htmx.min.js',
      '/assets/js/app.js',
      '/assets/app.css',
      '/assets/icons.svg',
    ]) {
      expect(res.text).toContain(src);
      await t.http().get(src).expect(200);
    }
    expect(res.text).not.toMatch(/<script[^>]+src="https?:/);
  });

  it('answers with and without a trailing slash', async () => {
    await t.http().get('/health/').expect(200);
    await t.http().get('/login/').expect(200);
    const a = await t.http().get('/packages').expect(303);
    const b = await t.http().get('/packages/').expect(303);
    expect(a.headers.location).toBe('/login?next=%2Fpackages');
    expect(b.headers.location).toBe('/login?next=%2Fpackages%2F');
  });

  it('renders an HTML 404 page for unknown pages', async () => {
    const res = await t
      .http()
      .get('/no-such-page')
      .expect(404)
      .expect('content-type', /text\/html/);
    expect(res.text).toContain('Page not found');
  });

  it('answers unknown API paths with problem+json, never HTML', async () => {
    const res = await t
      .http()
      .get('/api/v1/no-such-thing')
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers an htmx request for an unknown page with a flash retargeted to #flash', async () => {
    const res = await t
      .http()
      .get('/no-such-page')
      .set('HX-Request', 'true')
      .set('HX-Request-Type', 'partial')
      .expect(404);
    expect(res.headers['hx-retarget']).toBe('#flash');
    expect(res.text).toContain('role="alert"');
    expect(res.text).not.toContain('<html');
  });

  it('sends a strict Content-Security-Policy without inline scripts', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
