import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addDays, isoWeekday, localDateOf, zonedTimeToUtc } from '../../../src/common/time/zoned-time.js';
import { AvailabilityService } from '../../../src/modules/availability/availability.service.js';
import { createTrainer } from '../../factories/accounts.factory.js';
import { rawClient } from '../../helpers/database.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

const NEW_YORK = 'America/New_York';

describe(AvailabilityService.name, () => {
  const t = useTestApp();
  let db: pg.Client;
  let service: AvailabilityService;

  beforeAll(async () => {
    db = await rawClient();
    service = await t.app.resolve(AvailabilityService);
  });
  afterAll(async () => {
    await db.end();
  });

  describe('replaceWeek', () => {
    it('leaves exactly one of two concurrent saves, never a mix of both', async () => {
      const { actor } = await createTrainer(t);
      const morning = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:00', end: '12:00' }));
      const evening = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '10:00', end: '20:00' }));
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          inContext(t, () => service.replaceWeek(actor, i % 2 === 0 ? morning : evening)),
        ),
      );
      const { rows } = await db.query<{ start_time: string }>(
        `select start_time::text from availability_slots where trainer_id = $1`,
        [actor.trainerId],
      );
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((row) => row.start_time)).size).toBe(1);
    });
  });

  describe('addDaysOff', () => {
    it('stores one row when the same day off is added twice at once', async () => {
      const { actor } = await createTrainer(t);
      const date = addDays(localDateOf(new Date(), 'Europe/London'), 9);
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => inContext(t, () => service.addDayOff(actor, date, 'Course'))),
      );
      expect(results.filter((result) => result.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      for (const result of results)
        if (result.status === 'rejected')
          expect(result.reason).toMatchObject({ code: 'invalid_days_off', kind: 'invalid' });
      const { rows } = await db.query(`select 1 from availability_exceptions where trainer_id = $1 and date = $2`, [
        actor.trainerId,
        date,
      ]);
      expect(rows).toHaveLength(1);
    });
  });

  describe('warningsFor', () => {
    it('reads working hours in the trainer’s local time, and names days off', async () => {
      const { actor } = await createTrainer(t, { timeZone: NEW_YORK });
      await inContext(t, () => service.replaceWeek(actor, [{ weekday: 7, start: '09:00', end: '12:00' }]));
      // A Sunday two weeks or more ahead: 09:00 local is inside, 08:00 local is not, whatever the season’s offset.
      let sunday = addDays(localDateOf(new Date(), NEW_YORK), 14);
      while (isoWeekday(sunday) !== 7) sunday = addDays(sunday, 1);
      const at = (time: string) => zonedTimeToUtc(sunday, time, NEW_YORK);
      await expect(inContext(t, () => service.warningsFor(actor, at('09:00'), at('10:00')))).resolves.toEqual([]);
      await expect(inContext(t, () => service.warningsFor(actor, at('08:00'), at('09:00')))).resolves.toEqual([
        'Outside your working hours (Sun: 09:00–12:00)',
      ]);
      await inContext(t, () => service.addDayOff(actor, sunday, 'Race day'));
      await expect(inContext(t, () => service.warningsFor(actor, at('09:00'), at('10:00')))).resolves.toEqual([
        'That’s a day off (Race day)',
      ]);
    });

    it('stays quiet for a trainer who has not set hours', async () => {
      const { actor } = await createTrainer(t);
      const start = new Date(Date.now() + 86_400_000);
      await expect(
        inContext(t, () => service.warningsFor(actor, start, new Date(start.getTime() + 3_600_000))),
      ).resolves.toEqual([]);
    });
  });

  describe('freeSlots', () => {
    it('counts a pending session as busy and frees it for its own reschedule', async () => {
      const { actor } = await createTrainer(t);
      await inContext(t, () => service.replaceWeek(actor, [{ weekday: 3, start: '09:00', end: '10:30' }]));
      let wednesday = addDays(localDateOf(new Date(), 'Europe/London'), 7);
      while (isoWeekday(wednesday) !== 3) wednesday = addDays(wednesday, 1);
      const client = randomUUID();
      const booking = randomUUID();
      await db.query(`insert into clients (id, trainer_id, name) values ($1, $2, 'Pat')`, [client, actor.trainerId]);
      await db.query(
        `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, currency) values ($1, $2, $3, $4, $5, 'pending', 'GBP')`,
        [
          booking,
          actor.trainerId,
          client,
          zonedTimeToUtc(wednesday, '09:00', 'Europe/London'),
          zonedTimeToUtc(wednesday, '09:45', 'Europe/London'),
        ],
      );
      const busy = await inContext(t, () => service.freeSlots(actor, { date: wednesday, durationMinutes: 45 }));
      expect(busy.slots.map((slot) => slot.label)).toEqual(['09:45']);
      const free = await inContext(t, () =>
        service.freeSlots(actor, { date: wednesday, durationMinutes: 45, excludeBookingId: booking }),
      );
      expect(free.slots.map((slot) => slot.label)).toEqual(['09:00', '09:15', '09:30', '09:45']);
    });

    it('rejects a bad query with field messages', async () => {
      const { actor } = await createTrainer(t);
      await expect(
        inContext(t, () => service.freeSlots(actor, { date: '2026-02-30', durationMinutes: 1 })),
      ).rejects.toMatchObject({
        code: 'invalid_slot_query',
        details: {
          fields: { date: ['Choose a date.'], durationMinutes: ['Choose a session length between 5 and 720 minutes.'] },
        },
      });
    });
  });
});
