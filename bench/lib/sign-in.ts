/** Signing in the way a browser and the mobile app do, so the scenarios measure real sessions and tokens. */

function cookiePairs(response: Response): string[] {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => !pair.endsWith('='));
}

/** The browser door: GET /login for the anonymous CSRF cookie and token, then POST the form. Returns the Cookie header. */
export async function webSessionCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !token) throw new Error(`GET /login answered ${page.status} without a CSRF token`);
  const anonymous = cookiePairs(page).join('; ');
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonymous },
    body: new URLSearchParams({ email, password, _csrf: token, next: '/bookings' }).toString(),
  });
  await login.arrayBuffer();
  const session = cookiePairs(login).find((pair) => pair.includes('th_session='));
  if (login.status >= 400 || !session) throw new Error(`POST /login answered ${login.status} without a session cookie`);
  return session;
}

/** The API door: POST /api/v1/auth/login. Returns the Authorization header value. */
export async function apiBearer(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (response.status !== 200 || !body.accessToken)
    throw new Error(`API login answered ${response.status}: ${JSON.stringify(body)}`);
  return `Bearer ${body.accessToken}`;
}
