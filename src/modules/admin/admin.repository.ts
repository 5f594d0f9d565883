import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { TrainerSummary } from './admin.types.js';

/** The columns this repository reads. */
interface AdminDb {
  trainers: {
    id: string;
    user_id: string;
    business_name: string;
    time_zone: string;
    currency: string;
    created_at: Date;
  };
  users: { id: string; email: string; name: string };
  clients: { id: string; trainer_id: string };
}

/**
 * Hand-written SQL for the admin views, as typed Kysely on the caller's EntityManager (so it joins the caller's
 * transaction when there is one). Only AdminService calls it, after checking the role.
 */
@Injectable()
export class AdminRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Up to `limit` trainers newest first, strictly after the (createdAt, id) keyset position when given; one
   * statement whatever the page size (the client count is a correlated subquery, not a query per row).
   */
  async trainersPage(limit: number, after: { createdAt: Date; id: string } | null): Promise<TrainerSummary[]> {
    let query = this.em
      .getKysely<AdminDb>()
      .selectFrom('trainers as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.business_name', 'u.email', 'u.name', 't.time_zone', 't.currency', 't.created_at'])
      .select((eb) =>
        eb
          .selectFrom('clients as c')
          .whereRef('c.trainer_id', '=', 't.id')
          .select((sub) => sub.fn.countAll<string>().as('count'))
          .as('client_count'),
      )
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(limit);
    if (after)
      query = query.where((eb) => eb(eb.refTuple('t.created_at', 't.id'), '<', eb.tuple(after.createdAt, after.id)));
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      businessName: row.business_name,
      email: row.email,
      name: row.name,
      timeZone: row.time_zone,
      currency: row.currency,
      // count(*) is a bigint, which the driver hands over as a string.
      clientCount: Number(row.client_count ?? 0),
      createdAt: new Date(row.created_at),
    }));
  }
}
