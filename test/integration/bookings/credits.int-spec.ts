import { beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '../../../src/common/errors/domain-error.js';
import { CancelledBy } from '../../../src/modules/bookings/booking-status.js';
import { BookingsService } from '../../../src/modules/bookings/bookings.service.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, purchaseState, sellPackage } from '../../factories/packages.factory.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

const HOUR = 3_600_000;

describe(`${BookingsService.name} with package credits`, () => {
  const t = useTestApp();
  let bookings: BookingsService;
  beforeAll(async () => {
    bookings = t.app.get(BookingsService);
  });

  async function clientWithCredits(
    sessions: number,
  ): Promise<{ trainer: TrainerFixture; clientId: string; purchaseId: string }> {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor);
    const pkg = await createPackage(t, trainer.actor, { sessionCount: sessions });
    const sale = await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
    return { trainer, clientId: client.id, purchaseId: sale.purchase.id };
  }

  function book(trainer: TrainerFixture, clientId: string, start: Date, useCredit = true) {
    return inContext(t, () =>
      bookings.create(trainer.actor, { clientId, startTime: start, durationMinutes: 60, useCredit }),
    );
  }

  it('lets exactly 3 of 20 concurrent bookings take a 3-credit package; the balance ends at 0, never below', async () => {
    const { trainer, clientId, purchaseId } = await clientWithCredits(3);
    const base = Date.now() + 40 * 24 * HOUR;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => book(trainer, clientId, new Date(base + i * 2 * HOUR))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(3);
    for (const failure of lost) expect((failure.reason as DomainError).code).toMatch(/no_credit_left/);
    const state = await purchaseState(purchaseId);
    expect(state).toMatchObject({ remaining: 0, ledgerSum: 0, rows: { grant: 1, consume: 3 } });
  }, 120_000);

  it('refunds exactly once when the same cancellation races itself', async () => {
    const { trainer, clientId, purchaseId } = await clientWithCredits(2);
    const { booking } = await book(trainer, clientId, new Date(Date.now() + 50 * 24 * HOUR));
    const results = await Promise.allSettled(
      [1, 2].map(() => inContext(t, () => bookings.cancel(trainer.actor, booking.id, { by: CancelledBy.Client }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const state = await purchaseState(purchaseId);
    expect(state).toMatchObject({ remaining: 2, ledgerSum: 2, rows: { grant: 1, consume: 1, refund: 1 } });
  });

  it('forfeits a late client cancellation, and the trainer can waive it once', async () => {
    const { trainer, clientId, purchaseId } = await clientWithCredits(2);
    const { booking } = await book(trainer, clientId, new Date(Date.now() + 3 * HOUR));
    const { credit } = await inContext(t, () => bookings.cancel(trainer.actor, booking.id, { by: CancelledBy.Client }));
    expect(credit.outcome).toBe('forfeited');
    expect((await purchaseState(purchaseId)).remaining).toBe(1);
    await inContext(t, () => bookings.waiveForfeit(trainer.actor, booking.id, 'Family emergency'));
    await expect(inContext(t, () => bookings.waiveForfeit(trainer.actor, booking.id, 'again'))).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    expect(await purchaseState(purchaseId)).toMatchObject({ remaining: 2, rows: { adjust: 1 } });
  });

  it('refunds a trainer’s late cancellation and adds a make-up credit', async () => {
    const { trainer, clientId, purchaseId } = await clientWithCredits(2);
    const { booking } = await book(trainer, clientId, new Date(Date.now() + 2 * HOUR));
    const { credit } = await inContext(t, () =>
      bookings.cancel(trainer.actor, booking.id, { by: CancelledBy.Trainer }),
    );
    expect(credit).toMatchObject({ outcome: 'refunded', makeUpCredit: true });
    expect(await purchaseState(purchaseId)).toMatchObject({
      remaining: 3,
      ledgerSum: 3,
      rows: { refund: 1, adjust: 1 },
    });
  });

  it('keeps the credit when the booking itself fails (overlap): booking and credit roll back together', async () => {
    const { trainer, clientId, purchaseId } = await clientWithCredits(2);
    const start = new Date(Date.now() + 60 * 24 * HOUR);
    await book(trainer, clientId, start);
    await expect(book(trainer, clientId, new Date(start.getTime() + 30 * 60_000))).rejects.toMatchObject({
      code: 'booking_overlap',
    });
    expect((await purchaseState(purchaseId)).remaining).toBe(1);
  });
});
