import type { FastifyReply } from 'fastify';

/** RFC 9457 problem details, the one error shape of /api/v1. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: Record<string, string[]>;
  requestId?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}

/** Extensions come first so no detail (say a booking's own "status") can overwrite the standard members. */
export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { ...extra, type: `about:blank#${code}`, title: statusTitle(status), status, code, detail };
}

export function sendProblem(reply: FastifyReply, body: Problem): void {
  void reply
    .status(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(body));
}
