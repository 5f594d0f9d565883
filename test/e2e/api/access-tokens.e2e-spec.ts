import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { AccessTokensService } from '../../../src/modules/auth/access-tokens.service.js';
import { createTrainer } from '../../factories/accounts.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { useTestApp } from '../../helpers/test-app.js';

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('API access tokens', () => {
  const t = useTestApp();
  let secret: string;
  let userId: string;
  let genuine: string;
  let refresh: string;

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (): Record<string, unknown> => ({
    sub: userId,
    typ: 'access',
    role: 'trainer',
    av: 0,
    iss: 'trainerhub',
    aud: 'trainerhub-api',
    iat: now(),
    exp: now() + 600,
  });
  /** Signed with the app's real secret: only the claims decide. */
  const forge = (body: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) => {
    const unsigned = `${b64(header)}.${b64(body)}`;
    return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  };
  const without = (key: string) => Object.fromEntries(Object.entries(claims()).filter(([name]) => name !== key));

  beforeAll(async () => {
    secret = t.app.get(AccessTokensService).verificationSecret;
    const trainer = await createTrainer(t);
    userId = trainer.account.user.id;
    ({ accessToken: genuine, refreshToken: refresh } = await apiLogin(t, trainer.email, trainer.password));
  });

  it('accepts a genuine token and a correctly forged control token', async () => {
    await t.http().get('/api/v1/auth/me').set(bearer(genuine)).expect(200);
    await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer(forge(claims())))
      .expect(200);
  });

  it.each([
    ['no exp', () => forge(without('exp'))],
    ['no iat', () => forge(without('iat'))],
    ['neither exp nor iat', () => forge({ ...without('exp'), iat: undefined })],
    ['a non-numeric exp', () => forge({ ...claims(), exp: 'never' })],
    ['an exp in the past', () => forge({ ...claims(), iat: now() - 3600, exp: now() - 60 })],
    ['an iat in the future', () => forge({ ...claims(), iat: now() + 3600, exp: now() + 3900 })],
    ['a life longer than ever issued', () => forge({ ...claims(), exp: now() + 365 * 86_400 })],
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['the wrong issuer', () => forge({ ...claims(), iss: 'evil' })],
    ['no issuer', () => forge(without('iss'))],
    ['the wrong audience', () => forge({ ...claims(), aud: 'someone-else' })],
    ['the refresh typ claim', () => forge({ ...claims(), typ: 'refresh' })],
    ['no typ claim', () => forge(without('typ'))],
    ['a header typ other than JWT', () => forge(claims(), { alg: 'HS256', typ: 'refresh+jwt' })],
    ['no header typ', () => forge(claims(), { alg: 'HS256' })],
    ['a refresh token used as an access token', () => refresh],
  ])('refuses %s with 401 problem+json', async (_label, token) => {
    const res = await t.http().get('/api/v1/auth/me').set(bearer(token())).expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'not_authenticated' });
  });
});
