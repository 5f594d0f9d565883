import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { accessClaims } from './access-claims.js';
import { AccessTokensService, type VerifiedJwt } from './access-tokens.service.js';
import { AccountsService } from './accounts.service.js';
import type { Account } from './auth.types.js';

/**
 * Verifies bearer access tokens (signature, HS256 only, issuer, audience, age; see AccessTokensService), then
 * the claims (accessClaims); the user must still be live with the token's auth version (from the ActorCache, else
 * one statement).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly accounts: AccountsService,
    tokens: AccessTokensService,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), ...tokens.verifyOptions });
  }

  async validate(verified: VerifiedJwt): Promise<Account | false> {
    const claims = accessClaims(verified);
    if (!claims) return false;
    return (await this.accounts.findActive(claims.sub, claims.av)) ?? false;
  }
}
