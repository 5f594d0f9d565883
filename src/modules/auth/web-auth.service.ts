import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Env } from '../../config/env.schema.js';
import { AccountsService, actorFor } from './accounts.service.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import type { Account, ClientInfo } from './auth.types.js';
import { clearCookie, cookieNames, cookieOptions, readCookie, type CookieNames } from '../../common/http/cookies.js';
import { SESSION_IDLE_SECONDS, WebSessionService } from './web-session.service.js';
import { navFor } from '../pages/app-sections.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
function equalTokens(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function clientInfo(req: FastifyRequest): ClientInfo {
  return { ip: req.ip, userAgent: String(req.headers['user-agent'] ?? 'Unknown browser') };
}

/**
 * The browser door's authentication: session cookie → account → Actor, CSRF tokens (synchronizer token for
 * signed-in users, an HMAC-bound token for the login and sign-up forms), and the layout's shell context.
 */
@Injectable()
export class WebAuthService {
  private readonly production: boolean;
  private readonly cookies: CookieNames;
  private readonly secret: string;
  private readonly publicOrigin: string;

  constructor(
    private readonly sessions: WebSessionService,
    private readonly accounts: AccountsService,
    config: ConfigService<Env, true>,
  ) {
    this.production = config.get('NODE_ENV', { infer: true }) === 'production';
    this.cookies = cookieNames(this.production);
    this.secret = config.get('SESSION_SECRET', { infer: true });
    this.publicOrigin = new URL(config.get('PUBLIC_URL', { infer: true })).origin;
  }

  /** Loads who is asking and fills req.actor and req.shell (what the layout needs). */
  async attach(req: FastifyRequest, reply: FastifyReply): Promise<Account | null> {
    const session = await this.sessions.load(readCookie(req, this.cookies.session));
    let account: Account | null = null;
    if (session) {
      account = await this.accounts.findActive(session.userId, session.authVersion);
      if (!account) {
        await this.sessions.destroy(session.userId, session.handle);
        clearCookie(reply, this.cookies.session, this.production);
      }
    }
    const csrfToken = account && session ? session.csrfToken : this.anonymousCsrfToken(req, reply);
    if (account && session) {
      req.account = account;
      req.actor = actorFor(account);
      req.webSessionHandle = session.handle;
    }
    req.shell = {
      user: account ? { name: account.user.name, email: account.user.email } : undefined,
      trainer: account?.trainer ? { businessName: account.trainer.businessName } : undefined,
      // A trainer's pages (error pages included) sit in the app shell; each page passes its own nav to mark its item.
      nav: account?.trainer ? navFor('') : undefined,
      csrfToken,
      csrfHeaders: { 'x-csrf-token': csrfToken },
    };
    return account;
  }

  /** Rejects cross-site and token-less unsafe requests before any handler runs. */
  verifyCsrf(req: FastifyRequest): void {
    if (SAFE_METHODS.has(req.method)) return;
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw this.csrfError();
    const origin = req.headers.origin;
    if (
      typeof origin === 'string' &&
      origin !== 'null' &&
      origin !== this.publicOrigin &&
      origin !== this.requestOrigin(req)
    ) {
      throw this.csrfError();
    }
    const body = req.body as Record<string, unknown> | undefined;
    const sent = req.headers['x-csrf-token'] ?? (typeof body === 'object' && body !== null ? body._csrf : undefined);
    const expected = req.shell?.csrfToken;
    if (typeof sent !== 'string' || typeof expected !== 'string' || !equalTokens(sent, expected))
      throw this.csrfError();
  }

  /** Signs in: a brand-new session id (defeating fixation) and the anonymous CSRF cookie retired. */
  async signIn(req: FastifyRequest, reply: FastifyReply, account: Account): Promise<void> {
    const previous = req.webSessionHandle;
    if (previous && req.actor) await this.sessions.destroy(req.actor.userId, previous);
    const { cookieValue, session } = await this.sessions.create(
      account.user.id,
      account.user.authVersion,
      clientInfo(req),
    );
    void reply.setCookie(this.cookies.session, cookieValue, cookieOptions(this.production, SESSION_IDLE_SECONDS));
    clearCookie(reply, this.cookies.csrf, this.production);
    req.webSessionHandle = session.handle;
  }

  async signOut(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (req.actor && req.webSessionHandle) await this.sessions.destroy(req.actor.userId, req.webSessionHandle);
    clearCookie(reply, this.cookies.session, this.production);
  }

  /** Logged-out forms (login, sign-up) are protected by a token bound by HMAC to a random cookie. */
  private anonymousCsrfToken(req: FastifyRequest, reply: FastifyReply): string {
    let id = readCookie(req, this.cookies.csrf);
    if (!id || !/^[\w-]{43}$/.test(id)) {
      id = randomBytes(32).toString('base64url');
      void reply.setCookie(this.cookies.csrf, id, cookieOptions(this.production, SESSION_IDLE_SECONDS));
    }
    return createHmac('sha256', this.secret).update(`csrf:${id}`).digest('base64url');
  }

  private requestOrigin(req: FastifyRequest): string {
    return `${req.protocol}://${req.headers.host ?? ''}`;
  }

  private csrfError(): AuthError {
    return new AuthError(
      AuthErrorCode.Forbidden,
      'This form has expired or came from another site. Reload the page and try again.',
      {
        csrf: true,
      },
    );
  }
}
