import { describe, expect, it } from '@jest/globals';
import { safeNextPath } from './safe-redirect.js';

describe('safeNextPath', () => {
  it.each(['/clients', '/clients?page=2', '/bookings/abc', '/clients?q=%C5%81ukasz'])(
    'keeps the same-site path %s',
    (path) => {
      expect(safeNextPath(path)).toBe(path);
    },
  );

  it('returns the normalised path for harmless dot segments', () => {
    expect(safeNextPath('/clients/../bookings')).toBe('/bookings');
    expect(safeNextPath('/a/./b')).toBe('/a/b');
  });

  it('percent-encodes non-ASCII so the Location header stays ASCII', () => {
    expect(safeNextPath('/clients?q=Łukasz')).toBe('/clients?q=%C5%81ukasz');
  });

  it.each([
    '//evil.test',
    '/\\evil.test',
    'https://evil.test/x',
    'javascript:alert(1)',
    '',
    '/\u0000x',
    'clients',
    undefined,
    42,
    // Dot segments that resolve to a protocol-relative URL (the reported attack and its relatives).
    '/a/..//evil.example',
    '/a/b/../..//evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    '/a/%2e%2e//evil.example',
    '/a/%2E%2E//evil.example',
    '/a/.%2e//evil.example',
    '/%2e/%2fevil.example',
    // Encoded slashes and backslashes.
    '/%2F%2Fevil.example',
    '/%2f%2fevil.example',
    '/%5C%5Cevil.example',
    '/%5cevil.example',
    // Backslashes, which browsers read as slashes.
    '/\\/evil.example',
    '\\\\evil.example',
    '/a/..\\evil.example',
    // Tabs, newlines and other control characters, which URL parsers silently drop.
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    '/%0d%0aSet-Cookie:x=1',
    '/\u007f/evil.example',
    // Schemes and hosts in disguise.
    'http:/evil.example',
    'https:evil.example',
    '///evil.example',
    '/..//evil.example',
    '/../..//evil.example',
    'x'.repeat(600),
  ])('falls back for %p', (next) => {
    expect(safeNextPath(next)).toBe('/dashboard');
  });

  it('never returns anything a browser would resolve to another origin', () => {
    const tries = ['/a/..//x', '/./.././/x', '/a/b/c/../../..//x', '/%2e%2e/%2e%2e//x', '/.%2e/.%2e//x', '/a/..///x'];
    for (const next of tries) {
      const result = safeNextPath(next);
      expect(new URL(result, 'https://trainerhub.test').origin).toBe('https://trainerhub.test');
      expect(result.startsWith('//')).toBe(false);
    }
  });

  it('uses the given fallback', () => {
    expect(safeNextPath('//evil.test', '')).toBe('');
  });
});
