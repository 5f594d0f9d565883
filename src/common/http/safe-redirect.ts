const BASE = 'http://same.invalid';
const ENCODED_TROUBLE = /%(2f|5c|[01][0-9a-f]|7f)/i;

/**
 * Only same-site paths are honoured as ?next= targets: "/clients?page=2" yes; "//evil.test", "/\evil.test",
 * "https://evil.test" or anything with control characters, no. The check runs twice: on the raw string and on
 * the URL after resolution, because dot segments can turn a harmless-looking path into a protocol-relative one
 * ("/a/..//evil.test" and "/.//evil.test" both resolve to "//evil.test", which a browser treats as another host).
 */
export function safeNextPath(next: unknown, fallback = '/dashboard'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 500) return fallback;
  if (!isSingleSlashPath(next)) return fallback;
  if ([...next].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f || char === '\\'))
    return fallback;
  let resolved: string;
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE) return fallback;
    // An encoded slash, backslash or control character in the path has no use here and invites a second decode.
    if (ENCODED_TROUBLE.test(url.pathname)) return fallback;
    resolved = `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
  if (!isSingleSlashPath(resolved) || /[^\x21-\x7e]/.test(resolved)) return fallback;
  // Resolving again must not move it: the browser will resolve the Location header once more.
  if (new URL(resolved, BASE).origin !== BASE) return fallback;
  return resolved;
}

/** A path on this site: one leading "/", not "//" (another host) nor "/\" (read as "//" by browsers). */
function isSingleSlashPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}
