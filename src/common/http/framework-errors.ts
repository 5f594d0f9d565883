import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorResponse } from '../errors/error-response.js';
import { problem, sendProblem, statusTitle } from '../errors/problem.js';
import type { WebErrorRenderer } from '../errors/web-error-renderer.js';
import { isApiPath } from './paths.js';

/** Fastify's own router errors, which happen before any route (and so before Nest's filters) is chosen. */
const ROUTER_ERRORS: Record<string, Omit<ErrorResponse, 'expected'>> = {
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'The address is not validly encoded.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long', message: 'A part of the address is too long.' },
};

const UNKNOWN_ROUTER_ERROR: Omit<ErrorResponse, 'expected'> = {
  status: 400,
  code: 'bad_request',
  message: 'The request could not be understood.',
};

/**
 * Fastify's `frameworkErrors` option: answers router errors in each door's own error shape (problem+json on
 * /api, the HTML error page elsewhere) instead of Fastify's bare JSON. The adapter needs the function before
 * the app (and so the web renderer) exists; the renderer is handed over once it does.
 */
export class FrameworkErrorResponder {
  private web: WebErrorRenderer | undefined;

  useWebRenderer(web: WebErrorRenderer): void {
    this.web = web;
  }

  readonly handle = (error: { code?: string }, req: FastifyRequest, reply: FastifyReply): void => {
    const response: ErrorResponse = { ...(ROUTER_ERRORS[error.code ?? ''] ?? UNKNOWN_ROUTER_ERROR), expected: true };
    if (isApiPath(req.url) || !this.web) {
      sendProblem(reply, problem(response.status, response.code, response.message, { requestId: String(req.id) }));
      return;
    }
    this.web.render(req, reply, response);
  };
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (headers over the size limit, garbage)
 * never become a request object, so the answer is written to the socket by hand. The request line, when it
 * got that far, tells the API (problem+json) from the web (a plain HTML page).
 */
export function clientErrorHandler(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request could not be understood.'];
  const requestLine = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.subarray(0, 512).toString('latin1') : '';
  const api = /^[A-Z]+ \/api(\/|\?|\s)/.test(requestLine);
  const body = api
    ? JSON.stringify(problem(status, code, message))
    : `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${statusTitle(status)}</title></head><body><h1>${statusTitle(status)}</h1><p>${message}</p></body></html>`;
  const type = api ? 'application/problem+json; charset=utf-8' : 'text/html; charset=utf-8';
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
