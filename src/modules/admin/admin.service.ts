import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, invalidCursor, toPage } from '../../common/pagination/cursor.js';
import { UserRole } from '../auth/user.entity.js';

export interface TrainerSummary {
  id: string;
  businessName: string;
  email: string;
  name: string;
  timeZone: string;
  currency: string;
  clientCount: number;
  createdAt: Date;
}

export interface TrainerPage {
  items: TrainerSummary[];
  nextCursor: string | null;
}

interface TrainerRow {
  id: string;
  business_name: string;
  email: string;
  name: string;
  time_zone: string;
  currency: string;
  client_count: string;
  created_at: Date;
}

/** Operations staff's view across tenants. Every method re-checks the role: the guard is not the only gate. */
@Injectable()
export class AdminService {
  constructor(private readonly em: EntityManager) {}

  /** Trainers newest first, keyset-paginated on (created_at, id); one query whatever the page size. */
  async listTrainers(actor: Actor, options: { limit: number; cursor?: string }): Promise<TrainerPage> {
    if (actor.role !== UserRole.Admin) throw new DomainError('forbidden', 'forbidden', 'Only admins can list trainers.');
    const after = options.cursor ? decodeCursor(options.cursor) : null;
    if (after && Number.isNaN(Date.parse(after.value))) throw invalidCursor();
    const rows = await this.em.getConnection().execute<TrainerRow[]>(
      `select t.id, t.business_name, u.email, u.name, t.time_zone, t.currency, t.created_at,
              (select count(*) from clients c where c.trainer_id = t.id) as client_count
         from trainers t join users u on u.id = t.user_id
        where (?::timestamptz is null or (t.created_at, t.id) < (?::timestamptz, ?::uuid))
        order by t.created_at desc, t.id desc
        limit ?`,
      [after?.value ?? null, after?.value ?? null, after?.id ?? null, options.limit + 1],
    );
    const page = toPage(rows, options.limit, (row) => ({ value: new Date(row.created_at).toISOString(), id: row.id }));
    return {
      items: page.items.map((row) => ({
        id: row.id,
        businessName: row.business_name,
        email: row.email,
        name: row.name,
        timeZone: row.time_zone,
        currency: row.currency,
        clientCount: Number(row.client_count),
        createdAt: new Date(row.created_at),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
