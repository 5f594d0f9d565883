import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { AccountsService } from './accounts.service.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import type { Account } from './auth.types.js';
import { PasswordChangeThrottleService } from './password-change-throttle.service.js';
import { RefreshTokensService, type ApiDevice } from './refresh-tokens.service.js';
import { WebSessionService, type WebSession } from './web-session.service.js';

/** Where the trainer sees and ends their browser sessions and API devices, and changes their password. */
@Injectable()
export class AccountSecurityService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: WebSessionService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly passwordThrottle: PasswordChangeThrottleService,
  ) {}

  listSessions(actor: Actor): Promise<WebSession[]> {
    return this.sessions.list(actor.userId);
  }

  listDevices(actor: Actor): Promise<ApiDevice[]> {
    return this.refreshTokens.listDevices(actor);
  }

  async revokeSession(actor: Actor, handle: string): Promise<void> {
    if (!(await this.sessions.destroy(actor.userId, handle))) {
      throw new AuthError(AuthErrorCode.SessionNotFound, 'That session has already ended.');
    }
  }

  revokeDevice(actor: Actor, familyId: string): Promise<void> {
    return this.refreshTokens.revokeDevice(actor, familyId);
  }

  /** "Log out everywhere else": every other browser session and every API device. */
  async revokeEverywhereElse(
    actor: Actor,
    keepHandle: string | undefined,
  ): Promise<{ sessions: number; devices: number }> {
    const sessions = await this.sessions.destroyAll(actor.userId, keepHandle);
    const devices = await this.refreshTokens.revokeAllForUser(actor.userId);
    return { sessions, devices };
  }

  /**
   * A new password ends every browser session and API token; the caller signs the current browser back in
   * with a fresh session, since its old one carried the old auth version. Wrong current passwords are
   * throttled per account (too_many_attempts, with a currentPassword field message).
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<Account> {
    await this.passwordThrottle.attempt(actor.userId, () =>
      this.accounts.changePassword(actor, currentPassword, newPassword),
    );
    await this.sessions.destroyAll(actor.userId);
    await this.refreshTokens.revokeAllForUser(actor.userId);
    return this.accounts.accountOf(actor);
  }
}
