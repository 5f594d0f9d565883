import { ACCESS_TOKEN_SECONDS, type AccessTokenClaims, type VerifiedJwt } from './access-tokens.service.js';

/** Leeway for clocks between servers, on `iat` only (jsonwebtoken checks `exp` with none). */
const CLOCK_SKEW_SECONDS = 30;

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

/** `Authorization: Bearer <token>` (scheme case-insensitive, as passport-jwt read it); anything else is none. */
export function bearerToken(authorization: string | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  return match && match[1].toLowerCase() === 'bearer' ? match[2] : null;
}
