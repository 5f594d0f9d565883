import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The columns this repository reads. */
interface RefreshTokensDb {
  refresh_tokens: {
    user_id: string;
    family_id: string;
    device_name: string | null;
    created_at: Date;
    last_used_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
    expires_at: Date;
  };
}

/** One live token family: a signed-in API device. */
export interface DeviceFamilyRow {
  familyId: string;
  deviceName: string | null;
  signedInAt: Date;
  lastUsedAt: Date;
}

/**
 * Hand-written SQL for refresh tokens, as typed Kysely on the caller's EntityManager (so it joins the caller's
 * transaction when there is one). Only RefreshTokensService calls it.
 */
@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The user's live families, most recently used first, from one grouped query: a family is live while none of
   * its tokens is revoked and its newest token is still unused and unexpired.
   */
  async liveFamilies(userId: string): Promise<DeviceFamilyRow[]> {
    const rows = await this.em
      .getKysely<RefreshTokensDb>()
      .selectFrom('refresh_tokens')
      .select((eb) => [
        'family_id',
        eb.fn.max('device_name').as('device_name'),
        eb.fn.min('created_at').as('signed_in_at'),
        eb.fn.max('last_used_at').as('last_used_at'),
      ])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .groupBy('family_id')
      .having((eb) =>
        eb.fn<boolean>('bool_or', [eb.and([eb('used_at', 'is', null), eb('expires_at', '>', eb.fn<Date>('now', []))])]),
      )
      .orderBy((eb) => eb.fn.max('last_used_at'), 'desc')
      .execute();
    return rows.map((row) => ({
      familyId: row.family_id,
      deviceName: row.device_name,
      signedInAt: new Date(row.signed_in_at),
      lastUsedAt: new Date(row.last_used_at),
    }));
  }
}
