import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { bearer } from '../../helpers/api-client.js';
import type { TestApp } from '../../helpers/test-app.js';
import type { Agent } from '../../helpers/web-agent.js';

/** The headers htmx 4 sends for a request that swaps a fragment. */
export const HTMX_PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } as const;

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  location?: string;
}

export function answerOf(res: request.Response): Answer {
  return {
    status: res.status,
    contentType: String(res.headers['content-type'] ?? ''),
    text: res.text ?? '',
    location: res.headers.location as string | undefined,
  };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const lower = (method: string) => method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An API call with a bearer token; unsafe calls carry a fresh Idempotency-Key, as a careful client's would. */
export async function apiCall(
  t: TestApp,
  token: string,
  method: string,
  url: string,
  options: { body?: unknown; query?: Record<string, unknown> } = {},
): Promise<Answer> {
  let req = t.http()[lower(method)](url).set(bearer(token));
  if (options.query) req = req.query(options.query as Record<string, string>);
  if (method !== 'GET') req = req.set('idempotency-key', randomUUID()).send((options.body ?? {}) as object);
  return answerOf(await req);
}

/** A web call from a signed-in browser: cookie jar, CSRF header (as htmx sends it), a form body. */
export async function webCall(
  agent: Agent,
  method: string,
  url: string,
  options: {
    csrf?: string;
    body?: Record<string, unknown>;
    query?: Record<string, unknown>;
    htmx?: boolean;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  let req = agent[lower(method)](url);
  if (options.htmx) req = req.set(HTMX_PARTIAL);
  if (options.headers) req = req.set(options.headers);
  if (options.csrf) req = req.set('x-csrf-token', options.csrf);
  if (options.query) req = req.query(options.query as Record<string, string>);
  if (method !== 'GET') req = req.type('form').send((options.body ?? {}) as Record<string, string>);
  return answerOf(await req);
}

export const isProblem = (answer: Answer): boolean => answer.contentType.includes('application/problem+json');

/** A short, readable account of an answer for failure messages: problem detail, form errors or the page title. */
export function gist(answer: Answer): string {
  if (isProblem(answer) || answer.contentType.includes('json')) return answer.text.slice(0, 300);
  const errors = [...answer.text.matchAll(/<li[^>]*>(?:<svg[\s\S]*?<\/svg>)?\s*<span>([^<]*)<\/span><\/li>/g)].map(
    (m) => m[1],
  );
  const title = /<title>([^<]*)<\/title>/.exec(answer.text)?.[1];
  const flash = /role="alert"[^>]*>([\s\S]{0,300}?)<\/div>/
    .exec(answer.text)?.[1]
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (
    [
      title && `title "${title}"`,
      errors.length > 0 && `errors ${JSON.stringify(errors)}`,
      flash && `alert "${flash}"`,
      answer.location && `location ${answer.location}`,
    ]
      .filter(Boolean)
      .join(', ') || answer.text.slice(0, 200)
  );
}
