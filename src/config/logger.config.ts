import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Params } from 'nestjs-pino';
import type { TransportSingleOptions } from 'pino';
import type { Env } from './env.schema.js';

/** Paths pino must never print: credentials travel in these. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

/**
 * JSON logs, one line per request, carrying the same request id as the response header. In development (the
 * `npm start` default) the same records are printed human-readable by pino-pretty, when that devDependency is
 * installed; production and tests always get plain JSON. Redaction runs before the transport, so both are redacted.
 * The request id comes in as `requestId` (core.module.ts passes common/http's), so config stays on the ground floor.
 */
export function loggerParams(
  env: Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>,
  requestId?: (req: IncomingMessage) => string,
): Params {
  return {
    pinoHttp: {
      level: env.LOG_LEVEL,
      transport: env.NODE_ENV === 'development' ? prettyTransport() : undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: requestId,
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => req.url === '/health' || (req.url ?? '').startsWith('/assets/') },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  };
}

/** pino-pretty in a worker thread: one line per record, "[Context] msg", request lines as "GET /url 200 12ms". */
export function prettyTransport(): TransportSingleOptions | undefined {
  try {
    // A devDependency: absent from a production install (npm ci --omit=dev), and then the logs stay JSON.
    createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return {
    target: 'pino-pretty',
    options: {
      translateTime: 'SYS:HH:MM:ss.l',
      singleLine: true,
      ignore: 'pid,hostname,context,req,res,responseTime',
      messageFormat:
        '{if context}[{context}] {end}{if req.method}{req.method} {req.url} {res.statusCode} {responseTime}ms {end}{msg}',
    },
  };
}
