import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { createTrainer, type TrainerFixture } from '../factories/accounts.factory.js';
import { apiLogin, bearer, type Tokens } from '../helpers/api-client.js';
import { rawClient } from '../helpers/database.js';
import { bootTestApp, useTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, WebAgent } from '../helpers/web-agent.js';
import { recordFigures } from './figures.js';
import { craftJwt, decodeClaims } from './support/jwt.js';
import { webSignIn } from './support/tenants.js';

const HEADER = { alg: 'HS256', typ: 'JWT' };

describe('Auth attacks', () => {
  describe('JWT tampering on the API door', () => {
    const t = useTestApp();
    let trainer: TrainerFixture;
    let tokens: Tokens;
    let secret: string;
    let claims: Record<string, unknown>;
    let deletedUserToken: string;
    let staleToken: string;

    const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));

    beforeAll(async () => {
      trainer = await createTrainer(t, { name: 'Jot Tampering' });
      tokens = await apiLogin(t, trainer.email, trainer.password);
      secret = t.app.get(ConfigService).get<string>('JWT_ACCESS_SECRET') ?? '';
      claims = decodeClaims(tokens.accessToken);

      // A user that is gone: its last access token must die with it.
      const doomed = await createTrainer(t, { name: 'Gone Soon' });
      deletedUserToken = (await apiLogin(t, doomed.email, doomed.password)).accessToken;
      const db = await rawClient();
      try {
        await db.query('begin');
        await db.query('delete from refresh_tokens where user_id = $1', [doomed.account.user.id]);
        await db.query('delete from trainers where user_id = $1', [doomed.account.user.id]);
        await db.query('delete from users where id = $1', [doomed.account.user.id]);
        await db.query('commit');
      } finally {
        await db.end();
      }

      // A user whose credentials moved on (password changed): tokens from before stop working.
      const moved = await createTrainer(t, { name: 'Moved On' });
      staleToken = (await apiLogin(t, moved.email, moved.password)).accessToken;
      const db2 = await rawClient();
      try {
        await db2.query('update users set auth_version = auth_version + 1 where id = $1', [moved.account.user.id]);
      } finally {
        await db2.end();
      }
    });

    it('accepts the honest token and an identical one signed here: every attack below changes one thing of it', async () => {
      await me(tokens.accessToken).expect(200);
      await me(craftJwt(HEADER, claims, secret)).expect(200);
    });

    const now = () => Math.floor(Date.now() / 1000);
    const attacks: Array<[string, () => string]> = [
      ['alg "none" without a signature', () => craftJwt({ alg: 'none', typ: 'JWT' }, claims, null)],
      [
        'alg "none" keeping the honest signature',
        () => `${craftJwt({ alg: 'none', typ: 'JWT' }, claims, null)}${tokens.accessToken.split('.')[2]}`,
      ],
      [
        'a signature made with another secret',
        () => craftJwt(HEADER, claims, 'not-the-real-secret-but-long-enough-0123456789'),
      ],
      [
        'claims changed under the honest signature',
        () => {
          const [head, , signature] = tokens.accessToken.split('.');
          const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
          return `${head}.${forged}.${signature}`;
        },
      ],
      [
        'HS512 with the real secret (algorithm not allowed)',
        () => craftJwt({ alg: 'HS512', typ: 'JWT' }, claims, secret),
      ],
      ['an expired token', () => craftJwt(HEADER, { ...claims, iat: now() - 3600, exp: now() - 60 }, secret)],
      [
        'a token without exp',
        () => {
          const { exp: _exp, ...rest } = claims;
          return craftJwt(HEADER, rest, secret);
        },
      ],
      ['a token not valid yet (nbf in the future)', () => craftJwt(HEADER, { ...claims, nbf: now() + 3600 }, secret)],
      ['a wrong issuer', () => craftJwt(HEADER, { ...claims, iss: 'someone-else' }, secret)],
      [
        'no issuer',
        () => {
          const { iss: _iss, ...rest } = claims;
          return craftJwt(HEADER, rest, secret);
        },
      ],
      ['a wrong audience', () => craftJwt(HEADER, { ...claims, aud: 'another-api' }, secret)],
      [
        'no audience',
        () => {
          const { aud: _aud, ...rest } = claims;
          return craftJwt(HEADER, rest, secret);
        },
      ],
      ['typ "refresh" instead of "access"', () => craftJwt(HEADER, { ...claims, typ: 'refresh' }, secret)],
      [
        'no typ',
        () => {
          const { typ: _typ, ...rest } = claims;
          return craftJwt(HEADER, rest, secret);
        },
      ],
      ['the refresh token presented as an access token', () => tokens.refreshToken],
      [
        'a subject that does not exist',
        () => craftJwt(HEADER, { ...claims, sub: '00000000-0000-4000-8000-000000000000' }, secret),
      ],
      ['a token of a deleted user', () => deletedUserToken],
      ['a token from before a password change', () => staleToken],
      ['an empty bearer', () => ''],
    ];

    it.each(attacks)('refuses %s with 401 problem+json', async (name, make) => {
      const res = await me(make());
      const accepted = res.status !== 401 ? 1 : 0;
      recordFigures(`auth: JWT ${name}`, {
        requestsTried: 1,
        attacksAccepted: accepted,
        serverErrors: res.status >= 500 ? 1 : 0,
      });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(accepted).toBe(0);
    });
  });

  describe('refresh token reuse', () => {
    const t = useTestApp();

    it('revokes the whole family when a used refresh token comes back, and only that family', async () => {
      const trainer = await createTrainer(t, { name: 'Reuse Rita' });
      const first = await apiLogin(t, trainer.email, trainer.password);
      const otherDevice = await apiLogin(t, trainer.email, trainer.password);
      const refresh = (token: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken: token });

      const rotated = await refresh(first.refreshToken);
      expect(rotated.status).toBe(200);
      const replay = await refresh(first.refreshToken);
      const successor = await refresh(rotated.body.refreshToken as string);
      const bystander = await refresh(otherDevice.refreshToken);

      const db = await rawClient();
      let live: number;
      try {
        const hash = createHash('sha256').update(first.refreshToken).digest('hex');
        const { rows } = await db.query<{ n: number }>(
          `select count(*)::int as n from refresh_tokens where family_id = (select family_id from refresh_tokens where token_hash = $1) and revoked_at is null`,
          [hash],
        );
        live = rows[0]?.n ?? -1;
      } finally {
        await db.end();
      }
      const accepted = Number(replay.status !== 401) + Number(successor.status !== 401) + Number(live !== 0);
      recordFigures('auth: refresh reuse revokes the family', { requestsTried: 4, attacksAccepted: accepted });
      expect({
        replay: replay.status,
        successor: successor.status,
        liveInFamily: live,
        otherDevice: bystander.status,
      }).toEqual({
        replay: 401,
        successor: 401,
        liveInFamily: 0,
        otherDevice: 200,
      });
      expect(accepted).toBe(0);
    });
  });

  describe('lockout cannot lock out the real user (behind one trusted proxy)', () => {
    let t: TestApp;
    let previousHops: string | undefined;
    const ATTACKER = '203.0.113.66';
    const WRONG_TRIES = 12;

    beforeAll(async () => {
      previousHops = process.env.TRUST_PROXY_HOPS;
      process.env.TRUST_PROXY_HOPS = '1';
      t = await bootTestApp();
    });

    afterAll(async () => {
      await t?.close();
      if (previousHops === undefined) delete process.env.TRUST_PROXY_HOPS;
      else process.env.TRUST_PROXY_HOPS = previousHops;
    });

    const apiLoginFrom = (ip: string, email: string, password: string) =>
      t.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password });

    async function webLoginFrom(ip: string, email: string, password: string) {
      const agent = new WebAgent(t).agent;
      const page = await agent.get('/login').set('x-forwarded-for', ip);
      return agent
        .post('/login')
        .set('x-forwarded-for', ip)
        .type('form')
        .send({ email, password, _csrf: csrfFrom(page.text) });
    }

    it.each([
      ['the API door', 'api'],
      ['the web door', 'web'],
    ])(
      'after many wrong passwords from one address on %s, the right password from another address still gets in',
      async (_door, door) => {
        const trainer = await createTrainer(t, { name: `Locked ${door}` });
        const statuses: number[] = [];
        for (let i = 0; i < WRONG_TRIES; i += 1) {
          const res =
            door === 'api'
              ? await apiLoginFrom(ATTACKER, trainer.email, 'wrong-password-guess')
              : await webLoginFrom(ATTACKER, trainer.email, 'wrong-password-guess');
          statuses.push(res.status);
        }
        const api = await apiLoginFrom('198.51.100.7', trainer.email, trainer.password);
        const web = await webLoginFrom('198.51.100.8', trainer.email, trainer.password);
        const lockedOut = Number(api.status !== 200) + Number(web.status !== 303);
        // Throttling still works against the attacker's address: guessing did get slowed down.
        const unthrottled = statuses.includes(429) ? 0 : 1;
        recordFigures(`auth: lockout of the real user (${door})`, {
          requestsTried: WRONG_TRIES + 2,
          attacksAccepted: lockedOut + unthrottled,
          serverErrors: statuses.filter((s) => s >= 500).length,
        });
        expect({ realUserApi: api.status, realUserWeb: web.status, attackerThrottled: statuses.includes(429) }).toEqual(
          { realUserApi: 200, realUserWeb: 303, attackerThrottled: true },
        );
        expect(lockedOut + unthrottled).toBe(0);
      },
    );
  });

  describe('password-change throttling on /settings/password', () => {
    const t = useTestApp();

    it('stops guessing the current password after a few wrong tries, and the session survives', async () => {
      const trainer = await createTrainer(t, { name: 'Guess Guarded' });
      const session = await webSignIn(t, trainer.email, trainer.password);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const res = await session.web.agent
          .post('/settings/password')
          .set('x-csrf-token', session.csrf)
          .type('form')
          .send({
            currentPassword: `guess-number-${i}`,
            newPassword: 'a-whole-new-passphrase-91',
            confirmPassword: 'a-whole-new-passphrase-91',
          });
        statuses.push(res.status);
      }
      const throttledAt = statuses.indexOf(429);
      const stillIn = await session.web.agent.get('/settings');
      const accepted = throttledAt === -1 ? 1 : 0;
      recordFigures('auth: password-change throttling', {
        requestsTried: 13,
        attacksAccepted: accepted,
        serverErrors: statuses.filter((s) => s >= 500).length,
      });
      expect(throttledAt).toBeGreaterThan(-1);
      expect(throttledAt).toBeLessThanOrEqual(10);
      expect(statuses.slice(throttledAt).every((status) => status === 429)).toBe(true);
      expect(stillIn.status).toBe(200);
      expect(accepted).toBe(0);
    });
  });
});
