import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import type { Env } from '../../config/env.schema.js';
import type { User } from './user.entity.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const JWT_ISSUER = 'trainerhub';
export const JWT_AUDIENCE = 'trainerhub-api';
export const JWT_ALGORITHM = 'HS256';

/** Claims of an access token. `typ` keeps any other token (or a future token kind) from passing as one. */
/** What jsonwebtoken hands back with `complete: true`: the header too, so its `typ` can be checked. */
export interface VerifiedJwt {
  header?: { typ?: unknown };
  payload?: Partial<AccessTokenClaims> & { exp?: unknown; iat?: unknown };
}

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  role: string;
  /** The user's authVersion when issued: a password change invalidates older tokens at once. */
  av: number;
}

@Injectable()
export class AccessTokensService {
  private readonly secret: string;
  /**
   * The secret as a KeyObject for verifying: given a string, jsonwebtoken first tries it as a PEM public key,
   * and that attempt throws (and is caught) on every request: about 5 % of a trivial route's CPU.
   */
  private readonly verificationKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    config: ConfigService<Env, true>,
  ) {
    this.secret = config.get('JWT_ACCESS_SECRET', { infer: true });
    this.verificationKey = createSecretKey(Buffer.from(this.secret));
  }

  get verificationSecret(): string {
    return this.secret;
  }

  sign(user: Pick<User, 'id' | 'role' | 'authVersion'>): string {
    const claims: AccessTokenClaims = { sub: user.id, typ: 'access', role: user.role, av: user.authVersion };
    return this.jwt.sign(claims, {
      secret: this.secret,
      algorithm: JWT_ALGORITHM,
      expiresIn: ACCESS_TOKEN_SECONDS,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      jwtid: randomUUID(),
    });
  }

  /**
   * The options passport-jwt hands to jsonwebtoken: HS256 only, issuer, audience and age. The key is a KeyObject:
   * given a string, jsonwebtoken first tries it as a PEM public key, and that attempt throws (and is caught) on
   * every request, about 5 % of a trivial route's CPU.
   */
  get verifyOptions() {
    return {
      // passport-jwt passes secretOrKey straight to jsonwebtoken, which takes a KeyObject; its type names strings.
      secretOrKey: this.verificationKey as unknown as string,
      algorithms: [JWT_ALGORITHM] as [typeof JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
      // maxAge makes jsonwebtoken refuse a token without iat; complete hands over the header for its typ.
      jsonWebTokenOptions: { maxAge: ACCESS_TOKEN_SECONDS, complete: true },
    };
  }
}
