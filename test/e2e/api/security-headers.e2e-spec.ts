import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { useTestApp } from '../../helpers/test-app.js';

/** Helmet's page set on HTML, the short REST set on /api/v1 (src/common/http/security-headers.ts). */
describe('Security headers per door', () => {
  const t = useTestApp();

  it('sends the JSON API the short REST set: no rendering, no framing, no sniffing, no caching', async () => {
    const trainer = await createTrainer(t);
    const tokens = await apiLogin(t, trainer.email, trainer.password);
    const res = await t.http().get('/api/v1/auth/me').set(bearer(tokens.accessToken)).expect(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    // Page-only headers stay off JSON responses.
    expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(res.headers['x-dns-prefetch-control']).toBeUndefined();
  });

  it('also answers API errors with the short set', async () => {
    const res = await t.http().get('/api/v1/auth/me').expect(401);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it("keeps helmet's full set with the page policy on HTML", async () => {
    const res = await t.http().get('/login').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
