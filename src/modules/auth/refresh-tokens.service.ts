import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../common/actor.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { User } from './user.entity.js';

export const REFRESH_TOKEN_DAYS = 30;

export interface ApiDevice {
  familyId: string;
  deviceName: string;
  signedInAt: Date;
  lastUsedAt: Date;
}

function hashToken(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/**
 * Opaque, rotating refresh tokens. Each use swaps the token for a new one in the same family; presenting a
 * token that was already swapped means it leaked, so the whole family is revoked (RFC 9700 §4.14.2).
 */
@Injectable()
export class RefreshTokensService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: RefreshTokensRepository,
  ) {}

  async issue(user: Pick<User, 'id'>, deviceName: string, familyId: string = randomUUID()): Promise<string> {
    const raw = randomBytes(32).toString('base64url');
    this.em.create(RefreshToken, {
      user: user.id,
      familyId,
      tokenHash: hashToken(raw),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000),
      deviceName: deviceName.slice(0, 300),
    });
    await this.em.flush();
    return raw;
  }

  /** Consumes a refresh token and returns its user plus a fresh token of the same family. */
  async rotate(raw: string): Promise<{ user: User; token: string }> {
    const token = await this.em.findOne(RefreshToken, { tokenHash: hashToken(String(raw)) }, { populate: ['user'] });
    if (!token) throw this.invalid();
    if (token.revokedAt || token.expiresAt.getTime() <= Date.now()) throw this.invalid();
    // Conditional update: of two concurrent uses of one token, exactly one wins; the loser is a replay.
    const claimed = await this.em.nativeUpdate(
      RefreshToken,
      { id: token.id, usedAt: null, revokedAt: null },
      { usedAt: new Date(), lastUsedAt: new Date() },
    );
    if (claimed !== 1) {
      await this.revokeFamily(token.familyId);
      throw this.invalid();
    }
    const fresh = await this.issue(token.user, token.deviceName ?? 'API client', token.familyId);
    return { user: token.user, token: fresh };
  }

  /** Logout of one device: its whole family goes, so an older stolen copy is dead too. */
  async revokeByToken(raw: string): Promise<void> {
    const token = await this.em.findOne(RefreshToken, { tokenHash: hashToken(String(raw)) });
    if (token) await this.revokeFamily(token.familyId);
  }

  async revokeAllForUser(userId: string): Promise<number> {
    return this.em.nativeUpdate(RefreshToken, { user: userId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Revokes one device of the actor's; another user's family answers not found. */
  async revokeDevice(actor: Actor, familyId: string): Promise<void> {
    const revoked = await this.em.nativeUpdate(
      RefreshToken,
      { user: actor.userId, familyId, revokedAt: null },
      { revokedAt: new Date() },
    );
    if (revoked === 0) throw new AuthError(AuthErrorCode.SessionNotFound, 'That device is not signed in.');
  }

  /** Signed-in API devices: one row per live family, from a single grouped query. */
  async listDevices(actor: Actor): Promise<ApiDevice[]> {
    const families = await this.repository.liveFamilies(actor.userId);
    return families.map((family) => ({ ...family, deviceName: family.deviceName ?? 'API client' }));
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  private invalid(): AuthError {
    return new AuthError(AuthErrorCode.InvalidRefreshToken, 'This refresh token is not valid. Log in again.');
  }
}
