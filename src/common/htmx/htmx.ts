import type { FastifyReply, FastifyRequest } from 'fastify';

/** True for any request htmx made (boosted links and forms included). */
export function isHtmx(req: FastifyRequest): boolean {
  return req.headers['hx-request'] === 'true';
}

/**
 * True when htmx wants a fragment rather than a whole page: htmx 4 sends HX-Request-Type "partial" for
 * targeted requests and "full" for boosted navigation and history restores.
 */
export function isPartial(req: FastifyRequest): boolean {
  return (
    isHtmx(req) && req.headers['hx-request-type'] === 'partial' && req.headers['hx-history-restore-request'] !== 'true'
  );
}

/** Pages answer differently to htmx, so caches must key on the header. */
export function varyOnHtmx(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const values = new Set(
    String(current ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
  values.add('HX-Request');
  void reply.header('vary', [...values].join(', '));
}

/**
 * JSON that is pure printable ASCII: every character outside U+0020..U+007E becomes a \uXXXX escape. Header
 * values must be ASCII (Node refuses most of Unicode with ERR_INVALID_CHAR, and browsers read the rest as
 * Latin-1), while JSON.parse (which htmx runs on HX-Trigger) turns the escapes back into the exact text.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// encodeURIComponent throws on half a surrogate pair; a broken character becomes U+FFFD instead.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A URL safe to put in a header (Location, HX-Location, HX-Replace-Url, HX-Redirect): anything outside printable
 * ASCII is percent-encoded as UTF-8, the way a browser would send it. Already-encoded URLs pass unchanged.
 */
export function asciiUrl(url: string): string {
  return url.replace(LONE_SURROGATE, '\ufffd').replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}

/** Adds events to HX-Trigger, keeping any already set (e.g. a flash plus "clientsChanged"). */
export function trigger(reply: FastifyReply, events: Record<string, unknown>): void {
  const current = reply.getHeader('hx-trigger');
  const merged = current ? { ...(JSON.parse(String(current)) as Record<string, unknown>), ...events } : events;
  void reply.header('hx-trigger', asciiJson(merged));
}

/** Tells htmx which URL to show in the address bar for what it just swapped in. */
export function replaceUrl(reply: FastifyReply, url: string): void {
  void reply.header('hx-replace-url', asciiUrl(url));
}

/** Sends the browser elsewhere. htmx requests get HX-Location (never a 3xx); plain posts get a 303. */
export function redirect(req: FastifyRequest, reply: FastifyReply, url: string): void {
  if (isHtmx(req)) {
    void reply.status(200).header('hx-location', asciiUrl(url)).send('');
    return;
  }
  void reply.status(303).header('location', asciiUrl(url)).send('');
}
