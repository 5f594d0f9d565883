import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { Env } from '../../config/env.schema.js';
import type { User } from './user.entity.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const JWT_ISSUER = 'trainerhub';
export const JWT_AUDIENCE = 'trainerhub-api';
export const JWT_ALGORITHM = 'HS256';

/** Claims of an access token. `typ` keeps any other token (or a future token kind) from passing as one. */
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

  constructor(
    private readonly jwt: JwtService,
    config: ConfigService<Env, true>,
  ) {
    this.secret = config.get('JWT_ACCESS_SECRET', { infer: true });
  }

  get verificationSecret(): string {
    return this.secret;
  }

  sign(user: User): string {
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
}
