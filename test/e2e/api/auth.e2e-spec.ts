import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { createAdmin, createTrainer, uniqueEmail } from '../../factories/accounts.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const ACCESS_SECRET = 'dev-jwt-access-secret-change-me-0123456789';

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function forge(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
  secret = ACCESS_SECRET,
): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('AuthApiController', () => {
  const t = useTestApp();

  describe('register', () => {
    it('creates the account and answers 201 with a token pair', async () => {
      const email = uniqueEmail('api');
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({
          email,
          password: 'deadlift-dawn-2026',
          name: 'Riley Api',
          timeZone: 'America/New_York',
          currency: 'usd',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { email, name: 'Riley Api', role: 'trainer' },
      });
      const me = await t.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body.trainer).toMatchObject({
        timeZone: 'America/New_York',
        currency: 'USD',
        businessName: 'Riley Api Training',
      });
    });

    it('answers 422 problem+json with a field message for a duplicate email', async () => {
      const existing = await createTrainer(t);
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: existing.email.toUpperCase(), password: 'deadlift-dawn-2026', name: 'Dup' })
        .expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 422,
        code: 'email_taken',
        errors: { email: [expect.stringContaining('already exists')] },
      });
    });

    it('answers 422 for a weak password', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: uniqueEmail(), password: 'password123', name: 'Weak' })
        .expect(422);
      expect(res.body.errors.password[0]).toMatch(/too common/);
    });

    it.each([
      ['malformed JSON', '{"email":', 'malformed_body'],
      ['a JSON string instead of an object', '"hello"', 'validation_failed'],
    ])('answers 400 problem+json for %s', async (_label, raw, code) => {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .set('content-type', 'application/json')
        .send(raw)
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe(code);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
    });

    it.each([
      ['missing fields', {}, ['email', 'password', 'name']],
      ['an unknown field', { email: uniqueEmail(), password: 'deadlift-dawn-2026', name: 'X', admin: true }, ['admin']],
      ['a non-string email', { email: ['a@b.co'], password: 'deadlift-dawn-2026', name: 'X' }, ['email']],
      [
        'an over-long email',
        { email: `${'a'.repeat(300)}@example.test`, password: 'deadlift-dawn-2026', name: 'X' },
        ['email'],
      ],
    ])('answers 400 with per-field messages for %s', async (_label, body, fields) => {
      const res = await t.http().post('/api/v1/auth/register').send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(fields));
    });
  });

  describe('login, refresh and logout', () => {
    it('answers the same 401 for an unknown email and a wrong password', async () => {
      const trainer = await createTrainer(t);
      const wrong = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: trainer.email, password: 'nope-nope-nope' })
        .expect(401);
      const unknown = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail(), password: 'nope-nope-nope' })
        .expect(401);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.body.code).toBe('invalid_credentials');
    });

    it('rotates the refresh token on every use', async () => {
      const trainer = await createTrainer(t);
      const first = await apiLogin(t, trainer.email, trainer.password);
      const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      await t.http().get('/api/v1/auth/me').set(bearer(second.body.accessToken)).expect(200);
    });

    it('revokes the whole family when a used refresh token comes back', async () => {
      const trainer = await createTrainer(t);
      const first = await apiLogin(t, trainer.email, trainer.password);
      const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      const stolen = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: second.body.refreshToken })
        .expect(401);
      expect(stolen.body.code).toBe('invalid_refresh_token');
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const trainer = await createTrainer(t);
      const tokens = await apiLogin(t, trainer.email, trainer.password);
      const results = await Promise.all(
        [1, 2].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('logs out a device: 204, then its refresh token is dead', async () => {
      const trainer = await createTrainer(t);
      const tokens = await apiLogin(t, trainer.email, trainer.password);
      await t.http().post('/api/v1/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
    });
  });

  describe('access tokens', () => {
    let userId: string;
    let valid: string;
    let refresh: string;
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({
      sub: userId,
      typ: 'access',
      role: 'trainer',
      av: 0,
      iss: 'trainerhub',
      aud: 'trainerhub-api',
      iat: now(),
      exp: now() + 600,
    });

    beforeAll(async () => {
      const trainer = await createTrainer(t);
      userId = trainer.account.user.id;
      const tokens = await apiLogin(t, trainer.email, trainer.password);
      valid = tokens.accessToken;
      refresh = tokens.refreshToken;
    });

    it('accepts a genuine token and a correctly forged control token', async () => {
      await t.http().get('/api/v1/auth/me').set(bearer(valid)).expect(200);
      await t
        .http()
        .get('/api/v1/auth/me')
        .set(bearer(forge(claims())))
        .expect(200);
    });

    it.each([
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
      ['a wrong signature', () => forge(claims(), undefined, 'another-secret-entirely-0123456789')],
      ['an expired token', () => forge({ ...claims(), iat: now() - 3600, exp: now() - 60 })],
      ['the wrong audience', () => forge({ ...claims(), aud: 'someone-else' })],
      ['the wrong issuer', () => forge({ ...claims(), iss: 'evil' })],
      ['the wrong typ', () => forge({ ...claims(), typ: 'refresh' })],
      ['a stale auth version', () => forge({ ...claims(), av: 7 })],
      ['HS512 instead of the pinned HS256', () => forge(claims(), { alg: 'HS512', typ: 'JWT' })],
      ['a refresh token used as an access token', () => refresh],
      ['no token at all', () => ''],
    ])('refuses %s with 401 problem+json', async (_label, token) => {
      const res = await t.http().get('/api/v1/auth/me').set(bearer(token())).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('never accepts the web session cookie on the API', async () => {
      const trainer = await createTrainer(t);
      const web = new WebAgent(t);
      await web.login(trainer.email, trainer.password);
      await web.agent.get('/api/v1/auth/me').expect(401);
    });
  });

  describe('trainer settings', () => {
    it('reads and updates the profile', async () => {
      const trainer = await createTrainer(t);
      const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
      const res = await t
        .http()
        .patch('/api/v1/trainer')
        .set(bearer(accessToken))
        .send({
          businessName: 'Peak Form',
          timeZone: 'America/New_York',
          cancellationCutoffHours: 12,
          reminderLeadMinutes: [120, 1440],
        })
        .expect(200);
      expect(res.body).toMatchObject({
        businessName: 'Peak Form',
        timeZone: 'America/New_York',
        cancellationCutoffHours: 12,
        reminderLeadMinutes: [1440, 120],
      });
      const read = await t.http().get('/api/v1/trainer').set(bearer(accessToken)).expect(200);
      expect(read.body.businessName).toBe('Peak Form');
    });

    it('answers 422 with every bad field at once', async () => {
      const trainer = await createTrainer(t);
      const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
      const res = await t
        .http()
        .patch('/api/v1/trainer')
        .set(bearer(accessToken))
        .send({ timeZone: 'Mars/Olympus', currency: 'XYZ', cancellationCutoffHours: -1 })
        .expect(422);
      expect(Object.keys(res.body.errors).sort()).toEqual(['cancellationCutoffHours', 'currency', 'timeZone']);
    });
  });

  describe('admin', () => {
    it('answers 403 to a trainer', async () => {
      const trainer = await createTrainer(t);
      const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
      const res = await t.http().get('/api/v1/admin/trainers').set(bearer(accessToken)).expect(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('lists trainers for an admin, with cursor pagination', async () => {
      await createTrainer(t);
      await createTrainer(t);
      const admin = await createAdmin(t);
      const { accessToken } = await apiLogin(t, admin.email, admin.password);
      const first = await t.http().get('/api/v1/admin/trainers?limit=1').set(bearer(accessToken)).expect(200);
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t
        .http()
        .get(`/api/v1/admin/trainers?limit=1&cursor=${first.body.nextCursor}`)
        .set(bearer(accessToken))
        .expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      await t.http().get('/api/v1/admin/trainers?limit=1000').set(bearer(accessToken)).expect(400);
      await t.http().get('/api/v1/admin/trainers?cursor=garbage').set(bearer(accessToken)).expect(422);
    });
  });
});
