import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Files that are the same for everyone; @fastify/static gives them their own max-age. */
const SHARED_PREFIXES = ['/assets/'];

/**
 * onSend: every answer that did not choose its own caching is marked `no-store`. Signed-in pages and API answers
 * hold private data, and every HTML page (login and sign-up included) carries a CSRF token, so none may sit in a
 * browser's back-forward cache, a shared proxy or a CDN. Static assets keep the Cache-Control they were given.
 */
export function cacheControlHook(
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: HookHandlerDoneFunction,
): void {
  if (!reply.hasHeader('cache-control') && !SHARED_PREFIXES.some((prefix) => req.url.startsWith(prefix))) {
    void reply.header('cache-control', 'no-store');
  }
  (done as (error: Error | null, payload: unknown) => void)(null, payload);
}
