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
  return isHtmx(req) && req.headers['hx-request-type'] === 'partial' && req.headers['hx-history-restore-request'] !== 'true';
}

/** Pages answer differently to htmx, so caches must key on the header. */
export function varyOnHtmx(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const values = new Set(String(current ?? '').split(',').map((v) => v.trim()).filter(Boolean));
  values.add('HX-Request');
  void reply.header('vary', [...values].join(', '));
}

/** Adds events to HX-Trigger, keeping any already set (e.g. a flash plus "clientsChanged"). */
export function trigger(reply: FastifyReply, events: Record<string, unknown>): void {
  const current = reply.getHeader('hx-trigger');
  const merged = current ? { ...(JSON.parse(String(current)) as Record<string, unknown>), ...events } : events;
  void reply.header('hx-trigger', JSON.stringify(merged));
}

/** Sends the browser elsewhere. htmx requests get HX-Location (never a 3xx); plain posts get a 303. */
export function redirect(req: FastifyRequest, reply: FastifyReply, url: string): void {
  if (isHtmx(req)) {
    void reply.status(200).header('hx-location', url).send('');
    return;
  }
  void reply.status(303).header('location', url).send('');
}
