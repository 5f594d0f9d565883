import { beforeAll, describe, expect, it } from '@jest/globals';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../../src/common/errors/domain-error.js';
import { CreditErrorCode } from '../../../src/modules/packages/credit.errors.js';
import { CreditsService } from '../../../src/modules/packages/credits.service.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { insertBookings, sessionRows } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, purchaseState, sellPackage } from '../../factories/packages.factory.js';
import { rawClient } from '../../helpers/database.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

describe(CreditsService.name, () => {
  const t = useTestApp();
  let credits: CreditsService;
  let trainer: TrainerFixture;
  let other: TrainerFixture;

  beforeAll(async () => {
    credits = t.app.get(CreditsService);
    trainer = await createTrainer(t, { name: 'Credit Carla' });
    other = await createTrainer(t, { name: 'Other Otto' });
  });

  async function purchase(sessionCount: number, validityDays: number | null = 90) {
    const client = await createClient(t, trainer.actor);
    const pkg = await createPackage(t, trainer.actor, { sessionCount, validityDays });
    const sale = await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
    return { clientId: client.id, purchaseId: sale.purchase.id };
  }

  function consume(clientId: string, clientPackageId: string, bookingId: string, at = new Date()) {
    return inContext(t, () =>
      t.app
        .get(EntityManager)
        .transactional((em) => credits.consume(em, trainer.actor, { clientPackageId, clientId, bookingId, at })),
    );
  }

  function refund(bookingId: string) {
    return inContext(t, () =>
      t.app
        .get(EntityManager)
        .transactional((em) => credits.refundForBooking(em, trainer.actor, bookingId, 'Cancelled in time')),
    );
  }

  describe('consume', () => {
    it('lets exactly 3 of 20 concurrent consumptions of a 3-credit package win; the rest get no_credit_left', async () => {
      const { clientId, purchaseId } = await purchase(3);
      const bookings = await insertBookings(trainer.actor, clientId, sessionRows(20));
      const results = await Promise.allSettled(bookings.map((bookingId) => consume(clientId, purchaseId, bookingId)));
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(lost).toHaveLength(17);
      for (const failure of lost) {
        expect(failure.reason).toBeInstanceOf(DomainError);
        expect((failure.reason as DomainError).code).toBe(CreditErrorCode.NoCreditLeft);
        expect((failure.reason as DomainError).kind).toBe('conflict');
        expect((failure.reason as DomainError).message).toMatch(/^No credits left on Pack \d+\.$/);
      }
      const state = await purchaseState(purchaseId);
      expect(state).toEqual({ remaining: 0, ledgerSum: 0, rows: { grant: 1, consume: 3 } });
    }, 60_000);

    it('refuses an expired package with package_expired', async () => {
      const { clientId, purchaseId } = await purchase(5, 1);
      const [bookingId] = await insertBookings(trainer.actor, clientId, sessionRows(1, 40));
      const later = new Date(Date.now() + 3 * 86_400_000);
      await expect(consume(clientId, purchaseId, bookingId ?? '', later)).rejects.toMatchObject({
        code: CreditErrorCode.PackageExpired,
        kind: 'invalid',
      });
      expect((await purchaseState(purchaseId)).remaining).toBe(5);
    });

    it('treats another client’s or another trainer’s package as not found', async () => {
      const { clientId, purchaseId } = await purchase(5);
      const someoneElse = await createClient(t, trainer.actor, { name: 'Someone Else' });
      const [bookingId] = await insertBookings(trainer.actor, clientId, sessionRows(1, 50));
      await expect(consume(someoneElse.id, purchaseId, bookingId ?? '')).rejects.toMatchObject({
        code: CreditErrorCode.PackageNotFound,
        kind: 'not_found',
      });
      const asOther = inContext(t, () =>
        t.app.get(EntityManager).transactional((em) =>
          credits.consume(em, other.actor, {
            clientPackageId: purchaseId,
            clientId,
            bookingId: bookingId ?? '',
            at: new Date(),
          }),
        ),
      );
      await expect(asOther).rejects.toMatchObject({ code: CreditErrorCode.PackageNotFound });
      expect((await purchaseState(purchaseId)).remaining).toBe(5);
    });

    it('never takes two credits for one booking', async () => {
      const { clientId, purchaseId } = await purchase(5);
      const [bookingId] = await insertBookings(trainer.actor, clientId, sessionRows(1, 60));
      await consume(clientId, purchaseId, bookingId ?? '');
      await expect(consume(clientId, purchaseId, bookingId ?? '')).rejects.toMatchObject({
        code: CreditErrorCode.AlreadyConsumed,
      });
      expect((await purchaseState(purchaseId)).remaining).toBe(4);
    });
  });

  describe('refundForBooking', () => {
    it('refunds exactly once when two refunds race', async () => {
      const { clientId, purchaseId } = await purchase(3);
      const [bookingId] = await insertBookings(trainer.actor, clientId, sessionRows(1, 70));
      await consume(clientId, purchaseId, bookingId ?? '');
      const results = await Promise.all([refund(bookingId ?? ''), refund(bookingId ?? '')]);
      expect(results.sort()).toEqual([false, true]);
      expect(await purchaseState(purchaseId)).toEqual({
        remaining: 3,
        ledgerSum: 3,
        rows: { grant: 1, consume: 1, refund: 1 },
      });
    });

    it('refunds nothing for a booking that used no credit', async () => {
      const { clientId } = await purchase(3);
      const [bookingId] = await insertBookings(trainer.actor, clientId, sessionRows(1, 80));
      expect(await refund(bookingId ?? '')).toBe(false);
      expect(await refund('not-a-uuid')).toBe(false);
    });
  });

  describe('adjustForBooking', () => {
    it('gives one make-up credit per booking when two race', async () => {
      const { clientId, purchaseId } = await purchase(2);
      const [bookingId] = await insertBookings(trainer.actor, clientId, sessionRows(1, 90));
      await consume(clientId, purchaseId, bookingId ?? '');
      const adjust = () =>
        inContext(t, () =>
          t.app
            .get(EntityManager)
            .transactional((em) => credits.adjustForBooking(em, trainer.actor, bookingId ?? '', 'Make-up credit')),
        );
      expect(await Promise.all([adjust(), adjust()]).then((r) => r.sort())).toEqual([false, true]);
      expect(await purchaseState(purchaseId)).toEqual({
        remaining: 2,
        ledgerSum: 2,
        rows: { grant: 1, consume: 1, adjust: 1 },
      });
    });
  });

  describe('expireDue', () => {
    it('writes off what is left on expired purchases, once', async () => {
      const { purchaseId } = await purchase(4, 1);
      const at = new Date(Date.now() + 3 * 86_400_000);
      const trainerId = trainer.account.trainer?.id ?? '';
      const run = () =>
        inContext(t, () => t.app.get(EntityManager).transactional((em) => credits.expireDue(em, at, trainerId)));
      expect(await run()).toBeGreaterThanOrEqual(1);
      expect(await run()).toBe(0);
      expect(await purchaseState(purchaseId)).toEqual({ remaining: 0, ledgerSum: 0, rows: { grant: 1, expire: 1 } });
      const db = await rawClient();
      try {
        const { rows } = await db.query(
          `select delta, system from credit_ledger_entries where client_package_id = $1 and kind = 'expire'`,
          [purchaseId],
        );
        expect(rows).toEqual([{ delta: -4, system: true }]);
      } finally {
        await db.end();
      }
    });
  });

  describe('usableFor', () => {
    it('lists the client’s usable purchases, soonest expiry first and never-expiring last', async () => {
      const client = await createClient(t, trainer.actor);
      const never = await createPackage(t, trainer.actor, { sessionCount: 2, validityDays: null });
      const long = await createPackage(t, trainer.actor, { sessionCount: 3, validityDays: 60 });
      const short = await createPackage(t, trainer.actor, { sessionCount: 4, validityDays: 10 });
      for (const pkg of [never, long, short]) await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
      const usable = await inContext(t, () => credits.usableFor(trainer.actor, client.id, new Date()));
      expect(usable.map((u) => [u.packageName, u.remaining])).toEqual([
        [short.name, 4],
        [long.name, 3],
        [never.name, 2],
      ]);
      expect(usable[2]?.expiresAt).toBeNull();
      expect(await inContext(t, () => credits.usableFor(other.actor, client.id, new Date()))).toEqual([]);
      expect(
        await inContext(t, () => credits.usableFor(trainer.actor, client.id, new Date(Date.now() + 400 * 86_400_000))),
      ).toHaveLength(1);
    });
  });
});
