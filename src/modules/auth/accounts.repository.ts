import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { UserRole } from '../../common/roles.js';
import { requestMayHoldTransaction } from '../../common/http/request-context.js';
import type { Account } from './auth.types.js';
import { CompiledQuery, type Kysely } from 'kysely';

/** The columns this repository reads. */
interface AccountsDb {
  users: { id: string; email: string; name: string; role: UserRole; auth_version: number };
  trainers: {
    id: string;
    user_id: string;
    business_name: string;
    time_zone: string;
    currency: string;
    cancellation_cutoff_hours: number;
    minimum_notice_hours: number;
    default_session_minutes: number;
    reminder_lead_minutes: number[];
    make_up_credit_on_late_cancel: boolean;
  };
}

function accountQuery(kysely: Kysely<AccountsDb>, userId: string) {
  return kysely
    .selectFrom('users as u')
    .leftJoin('trainers as t', 't.user_id', 'u.id')
    .select([
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.role',
      'u.auth_version',
      't.id as trainer_id',
      't.business_name',
      't.time_zone',
      't.currency',
      't.cancellation_cutoff_hours',
      't.minimum_notice_hours',
      't.default_session_minutes',
      't.reminder_lead_minutes',
      't.make_up_credit_on_late_cancel',
    ])
    .where('u.id', '=', userId);
}

/** One row of accountQuery: the trainer's columns are null when the user has no trainer profile. */
type AccountRow = Awaited<ReturnType<ReturnType<typeof accountQuery>['executeTakeFirstOrThrow']>>;

/**
 * The account read, as typed Kysely on the request's EntityManager. Both doors run it for every signed-in
 * request the ActorCache cannot answer, so it is one statement (users left join trainers, only the columns an
 * Account holds) and hydrates no entity.
 */
@Injectable()
export class AccountsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The statement, built once: Kysely's builder and compiler cost about 3 % of a trivial authenticated route's
   * CPU when run per request, for SQL that never changes. Only the user id varies, as the one parameter.
   */
  private accountSql: string | undefined;

  /** The user and trainer profile for a user id, or null when the user does not exist. */
  async findAccount(userId: string): Promise<{ account: Account; hasTrainer: boolean } | null> {
    // Before the request has its own EntityManager there is no transaction to join: read from the pool directly
    // rather than making one just for this (the guard runs this first on every signed-in request).
    const kysely = requestMayHoldTransaction()
      ? this.em.getKysely<AccountsDb>()
      : this.em.getConnection().getClient<AccountsDb>();
    this.accountSql ??= accountQuery(kysely, userId).compile().sql;
    const { rows } = await kysely.executeQuery<AccountRow>(CompiledQuery.raw(this.accountSql, [userId]));
    const row = rows[0];
    if (!row) return null;
    const user = { id: row.user_id, email: row.email, name: row.name, role: row.role, authVersion: row.auth_version };
    if (row.trainer_id === null) return { account: { user, trainer: null }, hasTrainer: false };
    return {
      account: {
        user,
        trainer: {
          id: row.trainer_id,
          businessName: row.business_name as string,
          timeZone: row.time_zone as string,
          currency: row.currency as string,
          cancellationCutoffHours: row.cancellation_cutoff_hours as number,
          minimumNoticeHours: row.minimum_notice_hours as number,
          defaultSessionMinutes: row.default_session_minutes as number,
          reminderLeadMinutes: row.reminder_lead_minutes as number[],
          makeUpCreditOnLateCancel: row.make_up_credit_on_late_cancel as boolean,
        },
      },
      hasTrainer: true,
    };
  }
}
