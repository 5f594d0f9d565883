import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DayOff, WeeklyRange } from './availability.types.js';

/** The columns this repository reads or writes; the rest have database defaults. */
interface AvailabilityDb {
  availability_exceptions: { id: string; trainer_id: string; date: string; reason: string | null };
  trainers: { id: string; minimum_notice_hours: number };
}

/** One row of hoursAndDaysOff: a weekly range (weekday, start, end) or a day off (date, reason). */
interface HoursRow {
  id: string;
  weekday: number | null;
  start: string | null;
  end: string | null;
  date: string | null;
  reason: string | null;
}

/**
 * Hand-written SQL for availability, as typed Kysely (or em.execute for a union) on the caller's EntityManager, so every statement runs in
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

  /**
   * Every weekly range and the days off on `dates`, in one statement (a booking's hours check runs on every
   * create and reschedule, so it is one round trip, not two).
   */
  async hoursAndDaysOff(trainerId: string, dates: string[]): Promise<{ weekly: WeeklyRange[]; daysOff: DayOff[] }> {
    // A session touches one local date, or two past midnight: both placeholders are always bound.
    const rows = await this.em.execute<HoursRow[]>(
      `select id, weekday, to_char(start_time, 'HH24:MI') as start, to_char(end_time, 'HH24:MI') as "end",
              null::text as date, null::text as reason
         from availability_slots where trainer_id = ?
       union all
       select id, null, null, null, to_char(date, 'YYYY-MM-DD'), reason
         from availability_exceptions where trainer_id = ? and date in (?, ?)`,
      [trainerId, trainerId, dates[0], dates[1] ?? dates[0]],
    );
    const weekly: WeeklyRange[] = [];
    const daysOff: DayOff[] = [];
    for (const row of rows) {
      if (row.date !== null) daysOff.push({ id: row.id, date: row.date, reason: row.reason });
      else if (row.weekday !== null && row.start !== null && row.end !== null)
        weekly.push({ weekday: row.weekday, start: row.start, end: row.end });
    }
    return { weekly, daysOff };
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
