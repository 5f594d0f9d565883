import { describe, expect, it } from '@jest/globals';
import { safeNextPath } from './safe-redirect.js';

describe('safeNextPath', () => {
  it.each(['/clients', '/clients?page=2', '/bookings/abc'])('keeps the same-site path %s', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each(['//evil.test', '/\\evil.test', 'https://evil.test/x', 'javascript:alert(1)', '', '/\u0000x', 'clients', undefined, 42])(
    'falls back for %p',
    (next) => {
      expect(safeNextPath(next)).toBe('/dashboard');
    },
  );
});
