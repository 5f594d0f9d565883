import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../../common/actor.js';
import { AccountsService, actorFor } from './accounts.service.js';
import {
  ACCESS_TOKEN_SECONDS,
  AccessTokensService,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  type AccessTokenClaims,
} from './access-tokens.service.js';

/** Leeway for clocks between servers, on `iat` only (jsonwebtoken checks `exp` with none). */
const CLOCK_SKEW_SECONDS = 30;

/** What jsonwebtoken hands back with `complete: true`: the header too, so its `typ` can be checked. */
interface VerifiedJwt {
  header?: { typ?: unknown };
  payload?: Partial<AccessTokenClaims> & { exp?: unknown; iat?: unknown };
}

/**
 * An access token's claims are only trusted with a bounded life: jsonwebtoken accepts a signed token that has
 * no `exp` at all, so `exp` and `iat` are required here, `iat` may not lie in the future, and the life they
 * span may not exceed what we issue. Header `typ` is JWT and claim `typ` is access, so no other token passes.
 */
export function accessClaims(
  verified: VerifiedJwt,
  nowSeconds = Math.floor(Date.now() / 1000),
): AccessTokenClaims | null {
  const header = verified.header;
  const claims = verified.payload;
  if (!header || !claims || header.typ !== 'JWT') return null;
  const { exp, iat } = claims;
  if (typeof exp !== 'number' || typeof iat !== 'number' || !Number.isFinite(exp) || !Number.isFinite(iat)) return null;
  if (exp <= nowSeconds || iat > nowSeconds + CLOCK_SKEW_SECONDS || exp - iat > ACCESS_TOKEN_SECONDS) return null;
  if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.av !== 'number') return null;
  if (typeof claims.role !== 'string') return null;
  return { sub: claims.sub, typ: 'access', role: claims.role, av: claims.av };
}

/**
 * Verifies bearer access tokens: HS256 only, signature, issuer, audience, then the claims above; the user
 * must still be live with the same auth version.
 */
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
      // maxAge makes jsonwebtoken refuse a token without iat; complete hands over the header for its typ.
      jsonWebTokenOptions: { maxAge: ACCESS_TOKEN_SECONDS, complete: true },
    });
  }

  async validate(verified: VerifiedJwt): Promise<Actor | false> {
    const claims = accessClaims(verified);
    if (!claims) return false;
    const account = await this.accounts.findActive(claims.sub, claims.av);
    return account ? actorFor(account) : false;
  }
}
