import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../../common/actor.js';
import { AccountsService, actorFor } from './accounts.service.js';
import { AccessTokensService, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './access-tokens.service.js';

/** Verifies bearer access tokens: HS256 only, issuer, audience, expiry and typ checked; the user must still be live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly accounts: AccountsService,
    tokens: AccessTokensService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: tokens.verificationSecret,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<Actor | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.av !== 'number') return false;
    const account = await this.accounts.findActive(claims.sub, claims.av);
    return account ? actorFor(account) : false;
  }
}
