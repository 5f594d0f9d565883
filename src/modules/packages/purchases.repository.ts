import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

interface PaceRow {
  recent: number;
  last_booked: string | null;
}

/** The client's booking pace, for the credit runway forecast. */
export interface ClientPace {
  /** Sessions (not cancelled) that started in the window. */
  recent: number;
  /** Start of the last future session paid by a credit, if any. */
  lastBooked: Date | null;
}

/** SQL for the purchases read models; runs on the EntityManager given (the request's by default). */
@Injectable()
export class PurchasesRepository {
  constructor(private readonly em: EntityManager) {}

  async paceOf(
    trainerId: string,
    clientId: string,
    windowStart: Date,
    now: Date,
    em: EntityManager = this.em,
  ): Promise<ClientPace> {
    const [row] = await em.execute<PaceRow[]>(
      `select (count(*) filter (where b.start_time >= ? and b.start_time < ? and b.status in ('completed', 'no_show', 'confirmed', 'pending')))::int as recent,
              max(b.start_time) filter (where b.start_time >= ? and b.client_package_id is not null and b.status in ('pending', 'confirmed')) as last_booked
         from bookings b where b.trainer_id = ? and b.client_id = ?`,
      [windowStart, now, now, trainerId, clientId],
    );
    return { recent: row?.recent ?? 0, lastBooked: row?.last_booked ? new Date(row.last_booked) : null };
  }
}
