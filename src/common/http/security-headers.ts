import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/** Headers Fastify itself writes on the probe response; everything else on it came from helmet. */
const FASTIFY_OWN = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

/**
 * Helmet's response headers, computed once. @fastify/helmet runs `helmet(options)` on every request, which
 * re-parses the Content-Security-Policy and rebuilds every header (about 2 % of a trivial route's CPU); our
 * options are the same for every route and use no nonces, so the headers are too. They are taken from a probe
 * request to a throwaway instance with the real plugin, so they stay exactly what helmet would send.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify();
  try {
    await probe.register(fastifyHelmet, options);
    probe.get('/', (_req, reply) => reply.send(''));
    const response = await probe.inject({ method: 'GET', url: '/' });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (!FASTIFY_OWN.has(name) && typeof value === 'string') headers[name] = value;
    }
    return headers;
  } finally {
    await probe.close();
  }
}

/**
 * The JSON API's headers: the short set OWASP's REST cheat sheet gives for APIs. A JSON body is never rendered
 * (nosniff, and CSP `default-src 'none'` should a browser try), never framed and never cached (the cache hook
 * adds no-store). The page-oriented rest of helmet's set (cross-origin isolation, DNS prefetch, the download and
 * Flash policies) does nothing for a JSON client and was 12 headers on every mobile-app response.
 */
export function apiHeadersFrom(pageHeaders: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
  const hsts = pageHeaders['strict-transport-security'];
  if (hsts) headers['strict-transport-security'] = hsts;
  return headers;
}

/** Sends the precomputed headers on every response, as the plugin's global onRequest hook did (a short set on /api). */
export async function installSecurityHeaders(fastify: FastifyInstance, options: FastifyHelmetOptions): Promise<void> {
  const pageHeaders = await helmetHeaders(options);
  const apiHeaders = apiHeadersFrom(pageHeaders);
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.headers(req.url.startsWith('/api/') ? apiHeaders : pageHeaders);
    done();
  });
}
