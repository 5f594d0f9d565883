import { beforeAll, describe, expect, it } from '@jest/globals';
import { BookingsService } from '../../../src/modules/bookings/bookings.service.js';
import { BookingErrorCode } from '../../../src/modules/bookings/booking.errors.js';
import { DomainError } from '../../../src/common/errors/domain-error.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { daysFromNow } from '../../helpers/time.js';
import { rawClient } from '../../helpers/database.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

describe(BookingsService.name, () => {
  const t = useTestApp();
  let service: BookingsService;
  beforeAll(async () => {
    service = t.app.get(BookingsService);
  });

  async function trainerWithClient(): Promise<{ trainer: TrainerFixture; clientId: string }> {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor, { name: 'Sam Carter' });
    return { trainer, clientId: client.id };
  }

  function book(trainer: TrainerFixture, clientId: string, start: string, durationMinutes = 60) {
    return inContext(t, () => service.create(trainer.actor, { clientId, startTime: new Date(start), durationMinutes }));
  }

  async function overlappingPairs(trainerId: string): Promise<number> {
    const db = await rawClient();
    try {
      const result = await db.query(
        `select count(*)::int as n from bookings a join bookings b
           on a.trainer_id = b.trainer_id and a.id < b.id
          and a.status in ('pending','confirmed') and b.status in ('pending','confirmed')
          and tstzrange(a.start_time, a.end_time, '[)') && tstzrange(b.start_time, b.end_time, '[)')
        where a.trainer_id = $1`,
        [trainerId],
      );
      return result.rows[0].n;
    } finally {
      await db.end();
    }
  }

  describe('create under concurrency', () => {
    it('lets exactly one of 64 concurrent overlapping bookings win; the rest get the clean conflict error', async () => {
      // 64 transactions through a 10-connection pool: give a loaded CI machine time, this is not a timing assertion.
      const { trainer, clientId } = await trainerWithClient();
      const base = new Date(daysFromNow(10)).getTime();
      // Staggered starts (0..63 minutes) so every pair overlaps but no two requests are identical.
      const attempts = Array.from({ length: 64 }, (_, i) =>
        book(trainer, clientId, new Date(base + i * 60_000).toISOString(), 90),
      );
      const results = await Promise.allSettled(attempts);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(63);
      for (const failure of lost) {
        expect(failure.reason).toBeInstanceOf(DomainError);
        expect((failure.reason as DomainError).code).toBe(BookingErrorCode.Overlap);
        expect((failure.reason as DomainError).kind).toBe('conflict');
      }
      expect(await overlappingPairs(trainer.account.trainer?.id ?? '')).toBe(0);
    }, 120_000);

    it('books the same slot for two different trainers', async () => {
      const a = await trainerWithClient();
      const b = await trainerWithClient();
      const start = daysFromNow(11);
      const results = await Promise.all([book(a.trainer, a.clientId, start), book(b.trainer, b.clientId, start)]);
      expect(results.map((r) => r.booking.status)).toEqual(['pending', 'pending']);
    });

    it('names the clashing session and its id', async () => {
      const { trainer, clientId } = await trainerWithClient();
      const first = await book(trainer, clientId, daysFromNow(12, 10));
      const clash = await book(trainer, clientId, daysFromNow(12, 10, 30)).catch((error: DomainError) => error);
      expect(clash).toBeInstanceOf(DomainError);
      expect((clash as DomainError).details.conflictingBookingId).toBe(first.booking.id);
      expect((clash as DomainError).message).toMatch(/overlaps with Sam Carter \d\d:\d\d–\d\d:\d\d/);
    });

    it('frees the slot when a session is cancelled', async () => {
      const { trainer, clientId } = await trainerWithClient();
      const first = await book(trainer, clientId, daysFromNow(13));
      await expect(book(trainer, clientId, daysFromNow(13))).rejects.toMatchObject({ code: BookingErrorCode.Overlap });
      await inContext(t, () => service.cancel(trainer.actor, first.booking.id, { reason: 'Ill' }));
      await expect(book(trainer, clientId, daysFromNow(13))).resolves.toMatchObject({ booking: { status: 'pending' } });
    });

    it('lets only one of two racing status changes win', async () => {
      const { trainer, clientId } = await trainerWithClient();
      // Yesterday: completing needs a session that has started.
      const { booking } = await book(trainer, clientId, daysFromNow(-1));
      const results = await Promise.allSettled([
        inContext(t, () => service.cancel(trainer.actor, booking.id, {})),
        inContext(t, () => service.complete(trainer.actor, booking.id)),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect((failure?.reason as DomainError).code).toBe(BookingErrorCode.InvalidTransition);
    });
  });
});
