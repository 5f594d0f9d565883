/**
 * Plain HTTP over loopback with Node's fetch, for checks that need real sockets and real parallelism (races,
 * faults). Every call has a deadline: an answer that does not arrive in time is reported as a hang (status 0).
 */
export interface HttpAnswer {
  /** 0 when no answer came: a hang past the deadline, or a refused or reset connection. */
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body, when there is one. */
  json: Record<string, unknown> | undefined;
  headers: Headers | undefined;
  /** Why there was no answer: 'timeout' or the network error's message. */
  error?: string;
  ms: number;
}

export interface HttpCall {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A per-request deadline in ms (default 5,000). */
  timeoutMs?: number;
  /** A urlencoded form body instead of JSON. */
  form?: Record<string, string>;
  cookie?: string;
  redirect?: 'manual' | 'follow';
}

export async function http(baseUrl: string, method: string, path: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const started = Date.now();
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.cookie) headers.cookie = call.cookie;
  let body: string | undefined;
  if (call.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(call.form).toString();
  } else if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.body);
  }
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body,
      redirect: call.redirect ?? 'manual',
      signal: AbortSignal.timeout(call.timeoutMs ?? 5_000),
    });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    let json: Record<string, unknown> | undefined;
    if (contentType.includes('json') && text) {
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, contentType, text, json, headers: res.headers, ms: Date.now() - started };
  } catch (error) {
    const name = (error as Error).name;
    const message =
      name === 'TimeoutError' || name === 'AbortError'
        ? 'timeout'
        : String((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    return {
      status: 0,
      contentType: '',
      text: '',
      json: undefined,
      headers: undefined,
      error: message,
      ms: Date.now() - started,
    };
  }
}

/** Starts every call at once (after all are built) and waits for them all. */
export function together<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => make(i)));
}

/** A tally of statuses, for readable failure messages. */
export function statusCounts(answers: Array<{ status: number }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[String(a.status)] = (counts[String(a.status)] ?? 0) + 1;
  return counts;
}
