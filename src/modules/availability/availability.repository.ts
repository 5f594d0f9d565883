import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** The columns this repository reads or writes; the rest have database defaults. */
interface AvailabilityDb {
  availability_exceptions: { id: string; trainer_id: string; date: string; reason: string | null };
  trainers: { id: string; minimum_notice_hours: number };
}

/**
 * Hand-written SQL for availability, as typed Kysely on the caller's EntityManager, so every statement runs in
 * the caller's transaction when there is one. Only AvailabilityService calls it, and it passes the trainer id.
 */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly em: EntityManager) {}

  private get db() {
    return this.em.getKysely<AvailabilityDb>();
  }

  /**
   * Inserts one day off per date and answers how many were new. The unique (trainer, date) constraint settles
   * races: a date that is already off, or that another request adds first, is skipped rather than an error.
   */
  async insertDaysOff(trainerId: string, dates: string[], reason: string | null): Promise<number> {
    if (dates.length === 0) return 0;
    const inserted = await this.db
      .insertInto('availability_exceptions')
      .values(dates.map((date) => ({ id: randomUUID(), trainer_id: trainerId, date, reason })))
      .onConflict((conflict) => conflict.columns(['trainer_id', 'date']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /** The trainer's minimum notice in hours (0 when the trainer row is gone, which tenancy checks catch elsewhere). */
  async minimumNoticeHours(trainerId: string): Promise<number> {
    const row = await this.db
      .selectFrom('trainers')
      .select('minimum_notice_hours')
      .where('id', '=', trainerId)
      .executeTakeFirst();
    return row?.minimum_notice_hours ?? 0;
  }
}
