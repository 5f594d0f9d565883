import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SANE_ID = /^[\w.-]{1,128}$/;
const ID = Symbol('requestId');

/**
 * One id per request, shared by Fastify (error bodies) and pino-http (log lines): an incoming X-Request-Id
 * when it looks sane, else a fresh UUID. Memoised on the raw request so both callers agree.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const holder = raw as IncomingMessage & { [ID]?: string };
  if (!holder[ID]) {
    const incoming = raw.headers['x-request-id'];
    holder[ID] = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
  }
  return holder[ID];
}
