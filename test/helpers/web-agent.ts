import request from 'supertest';
import type { TestApp } from './test-app.js';

export type Agent = ReturnType<typeof request.agent>;

/** The CSRF token a page carries for its forms. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('No CSRF token on the page');
  return match[1];
}

/** A browser-like client: keeps cookies, and reads the CSRF token from the page before posting. */
export class WebAgent {
  readonly agent: Agent;

  constructor(t: TestApp) {
    this.agent = request.agent(t.app.getHttpServer());
  }

  async csrf(path = '/login'): Promise<string> {
    const page = await this.agent.get(path);
    return csrfFrom(page.text);
  }

  /** A plain (no-JS) form post with the page's CSRF token. */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    tokenFrom = '/settings',
  ): Promise<request.Response> {
    const token = await this.csrf(tokenFrom);
    return this.agent
      .post(path)
      .type('form')
      .send({ ...fields, _csrf: token });
  }

  async register(fields: {
    name: string;
    email: string;
    password: string;
    businessName?: string;
    timeZone?: string;
  }): Promise<request.Response> {
    return this.post('/register', { timeZone: 'Europe/London', currency: 'GBP', ...fields }, '/register');
  }

  async login(email: string, password: string, next?: string): Promise<request.Response> {
    return this.post('/login', { email, password, ...(next ? { next } : {}) }, '/login');
  }
}

/** The value a response sets for a cookie, if it sets one. */
export function setCookieValue(res: request.Response, name: string): string | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = header?.find((cookie) => cookie.startsWith(`${name}=`));
  return line ? decodeURIComponent(line.slice(name.length + 1).split(';')[0] ?? '') : undefined;
}
