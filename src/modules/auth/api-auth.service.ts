import { Injectable } from '@nestjs/common';
import { AccessTokensService, ACCESS_TOKEN_SECONDS } from './access-tokens.service.js';
import { AccountsService } from './accounts.service.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import type { Account, ClientInfo, RegisterInput } from './auth.types.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  account: Account;
}

/** The mobile app's sign-in: access + refresh token pairs over the same accounts as the web. */
@Injectable()
export class ApiAuthService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly throttle: LoginThrottleService,
    private readonly accessTokens: AccessTokensService,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  async register(input: RegisterInput, client: ClientInfo, deviceName?: string): Promise<TokenPair> {
    const account = await this.accounts.register(input);
    return this.pairFor(account, deviceName ?? this.deviceName(client));
  }

  async login(email: string, password: string, client: ClientInfo, deviceName?: string): Promise<TokenPair> {
    const account = await this.throttle.attempt(email, client.ip, () => this.accounts.authenticate(email, password));
    return this.pairFor(account, deviceName ?? this.deviceName(client));
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const { user, token } = await this.refreshTokens.rotate(refreshToken);
    const account = await this.accounts.findActive(user.id, user.authVersion);
    if (!account)
      throw new AuthError(AuthErrorCode.InvalidRefreshToken, 'This refresh token is not valid. Log in again.');
    return {
      accessToken: this.accessTokens.sign(account.user),
      refreshToken: token,
      expiresIn: ACCESS_TOKEN_SECONDS,
      account,
    };
  }

  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeByToken(refreshToken);
  }

  private async pairFor(account: Account, deviceName: string): Promise<TokenPair> {
    return {
      accessToken: this.accessTokens.sign(account.user),
      refreshToken: await this.refreshTokens.issue(account.user, deviceName),
      expiresIn: ACCESS_TOKEN_SECONDS,
      account,
    };
  }

  private deviceName(client: ClientInfo): string {
    return client.userAgent.slice(0, 100) || 'API client';
  }
}
