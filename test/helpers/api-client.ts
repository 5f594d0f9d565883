import type { TestApp } from './test-app.js';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export async function apiLogin(t: TestApp, email: string, password: string): Promise<Tokens> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
