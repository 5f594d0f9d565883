import type { FastifyInstance, FastifyRequest } from 'fastify';

export const UNSUBSCRIBE_PATH = '/unsubscribe/';

/**
 * RFC 8058's one-click POST may come as multipart/form-data ("List-Unsubscribe=One-Click"), which nothing else in
 * TrainerHub accepts. The token in the URL is all the request needs, so for /unsubscribe/* the body is read (bounded)
 * and dropped; every other URL still answers 415 exactly as Fastify would.
 */
export function registerUnsubscribeBodyParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('multipart/form-data')) return;
  fastify.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 8_192 },
    (req: FastifyRequest, _body: string, done: (error: Error | null, body?: unknown) => void) => {
      if (req.url.startsWith(UNSUBSCRIBE_PATH)) return done(null, {});
      const error = Object.assign(new Error(`Unsupported Media Type: multipart/form-data`), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      });
      done(error);
    },
  );
}
