import { beforeAll, describe, expect, it } from '@jest/globals';
import { EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { DomainError } from '../../../src/common/errors/domain-error.js';
import { CreditsService } from '../../../src/modules/packages/credits.service.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { insertBookings, sessionRows } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, sellPackage } from '../../factories/packages.factory.js';
import { rawClient } from '../../helpers/database.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

type Op =
  | { kind: 'sell'; sessions: number; validity: number | null }
  | { kind: 'consume'; purchase: number; booking: number }
  | { kind: 'refund'; booking: number }
  | { kind: 'adjust'; booking: number }
  | { kind: 'expire'; daysAhead: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('sell' as const),
    sessions: fc.integer({ min: 1, max: 4 }),
    validity: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('consume' as const), purchase: fc.nat(5), booking: fc.nat(7) }),
  fc.record({ kind: fc.constant('refund' as const), booking: fc.nat(7) }),
  fc.record({ kind: fc.constant('adjust' as const), booking: fc.nat(7) }),
  fc.record({ kind: fc.constant('expire' as const), daysAhead: fc.integer({ min: 0, max: 8 }) }),
);

describe(`${CreditsService.name} ledger`, () => {
  const t = useTestApp();
  let credits: CreditsService;
  let trainer: TrainerFixture;
  let dayOffset = 100;

  beforeAll(async () => {
    credits = t.app.get(CreditsService);
    trainer = await createTrainer(t, { name: 'Ledger Lena' });
  });

  async function mismatches(clientId: string): Promise<unknown[]> {
    const db = await rawClient();
    try {
      const { rows } = await db.query(
        `select cp.id, cp.credits_remaining, coalesce(sum(l.delta), 0)::int as ledger
           from client_packages cp left join credit_ledger_entries l on l.client_package_id = cp.id
          where cp.client_id = $1 group by cp.id
         having cp.credits_remaining <> coalesce(sum(l.delta), 0) or cp.credits_remaining < 0`,
        [clientId],
      );
      return rows;
    } finally {
      await db.end();
    }
  }

  it('keeps credits_remaining equal to the ledger sum after any sequence of sell, consume, refund, adjust and expire', async () => {
    const trainerId = trainer.account.trainer?.id ?? '';
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const client = await createClient(t, trainer.actor);
        dayOffset += 2;
        const bookings = await insertBookings(trainer.actor, client.id, sessionRows(8, dayOffset));
        const purchases: string[] = [];
        const inTx = <T>(work: (em: EntityManager) => Promise<T>) =>
          inContext(t, () => t.app.get(EntityManager).transactional(work));
        for (const step of ops) {
          try {
            if (step.kind === 'sell') {
              const pkg = await createPackage(t, trainer.actor, {
                sessionCount: step.sessions,
                validityDays: step.validity,
              });
              purchases.push((await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id })).purchase.id);
            } else if (step.kind === 'consume' && purchases.length > 0) {
              const clientPackageId = purchases[step.purchase % purchases.length] ?? '';
              await inTx((em) =>
                credits.consume(em, trainer.actor, {
                  clientPackageId,
                  clientId: client.id,
                  bookingId: bookings[step.booking] ?? '',
                  at: new Date(),
                }),
              );
            } else if (step.kind === 'refund') {
              await inTx((em) => credits.refundForBooking(em, trainer.actor, bookings[step.booking] ?? '', 'refund'));
            } else if (step.kind === 'adjust') {
              await inTx((em) => credits.adjustForBooking(em, trainer.actor, bookings[step.booking] ?? '', 'adjust'));
            } else if (step.kind === 'expire') {
              await inTx((em) => credits.expireDue(em, new Date(Date.now() + step.daysAhead * 86_400_000), trainerId));
            }
          } catch (error) {
            // Refusals (no credit left, already consumed) are expected outcomes; anything else fails the property.
            if (!(error instanceof DomainError)) throw error;
          }
        }
        expect(await mismatches(client.id)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
