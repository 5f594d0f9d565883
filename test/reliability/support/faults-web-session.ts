import { http, type HttpAnswer } from './races-http.js';

/** The cookies a response sets, as one Cookie header value (name=value; ...), merged over `jar`. */
function mergeCookies(jar: string, answer: HttpAnswer): string {
  const cookies = new Map(
    jar ? jar.split('; ').map((pair) => [pair.split('=')[0] ?? '', pair] as [string, string]) : [],
  );
  for (const line of answer.headers?.getSetCookie() ?? []) {
    const pair = line.split(';')[0] ?? '';
    cookies.set(pair.split('=')[0] ?? '', pair);
  }
  return [...cookies.values()].filter(Boolean).join('; ');
}

export interface WebLogin {
  /** The POST /login answer (303 when signed in), or the GET /login answer when that already failed. */
  answer: HttpAnswer;
  /** The cookie jar afterwards: send it as the Cookie header to stay signed in. */
  cookie: string;
}

/** Signs in through the real login form over HTTP: read the CSRF token from the page, post the form. */
export async function webLogin(baseUrl: string, email: string, password: string, timeoutMs = 5_000): Promise<WebLogin> {
  const page = await http(baseUrl, 'GET', '/login', { timeoutMs });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (page.status !== 200 || !csrf) return { answer: page, cookie: '' };
  const jar = mergeCookies('', page);
  const answer = await http(baseUrl, 'POST', '/login', {
    timeoutMs,
    cookie: jar,
    form: { email, password, _csrf: csrf },
  });
  return { answer, cookie: mergeCookies(jar, answer) };
}
