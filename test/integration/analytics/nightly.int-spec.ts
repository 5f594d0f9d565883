import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { QueueName, RollupJob, rollupDayJob } from '../../../src/common/queue/queues.js';
import { addDays, localDateOf, zonedTimeToUtc } from '../../../src/common/time/zoned-time.js';
import { RollupsProcessor } from '../../../src/modules/analytics/jobs/rollups.processor.js';
import { RollupsService } from '../../../src/modules/analytics/rollups.service.js';
import { CreditExpiryService } from '../../../src/modules/packages/credit-expiry.service.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, purchaseState, sellPackage } from '../../factories/packages.factory.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';

/** Sydney: ten or eleven hours ahead of UTC, so its 03:00 is never UTC's and its local day is never UTC's day. */
const ZONE = 'Australia/Sydney';

async function expireRows(purchaseId: string): Promise<Array<{ delta: number }>> {
  const db = await rawClient();
  try {
    const { rows } = await db.query<{ delta: number }>(
      `select delta from credit_ledger_entries where client_package_id = $1 and kind = 'expire'`,
      [purchaseId],
    );
    return rows;
  } finally {
    await db.end();
  }
}

async function rollupOf(trainerId: string, day: string): Promise<Record<string, number> | undefined> {
  const db = await rawClient();
  try {
    const { rows } = await db.query<Record<string, number>>(
      `select credits_sold as "creditsSold", credits_expired as "creditsExpired", new_clients as "newClients"
         from revenue_rollups where trainer_id = $1 and day = $2`,
      [trainerId, day],
    );
    return rows[0];
  } finally {
    await db.end();
  }
}

describe(`${RollupsService.name} nightly and scheduling`, () => {
  const t = useTestApp();
  let rollups: RollupsService;
  let expiry: CreditExpiryService;
  let trainer: TrainerFixture;
  let trainerId: string;

  beforeAll(async () => {
    rollups = t.app.get(RollupsService, { strict: false });
    expiry = t.app.get(CreditExpiryService, { strict: false });
    trainer = await createTrainer(t, { name: 'Siobhán O’Brien', timeZone: ZONE });
    trainerId = trainer.account.trainer?.id ?? '';
  });

  async function sale(validityDays: number): Promise<{ id: string; lastDay: string }> {
    const client = await createClient(t, trainer.actor, { name: 'Łukasz Ελένη 李小龍' });
    const pkg = await createPackage(t, trainer.actor, { sessionCount: 4, validityDays });
    const { purchase } = await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
    if (!purchase.expiresAt) throw new Error('expected an expiring purchase');
    return { id: purchase.id, lastDay: localDateOf(purchase.expiresAt, ZONE) };
  }

  describe('nightly', () => {
    it('writes off unused credits at the first local 03:00 after the last valid day, once, and rolls the day up', async () => {
      const purchase = await sale(2);
      const lastDayNight = zonedTimeToUtc(purchase.lastDay, '03:10', ZONE);
      const nextAfternoon = zonedTimeToUtc(addDays(purchase.lastDay, 1), '13:10', ZONE);
      const nextNight = zonedTimeToUtc(addDays(purchase.lastDay, 1), '03:10', ZONE);

      await rollups.nightly(lastDayNight);
      expect(await expireRows(purchase.id)).toEqual([]);
      // Past the expiry, but not night in Sydney: this trainer is not swept.
      await rollups.nightly(nextAfternoon);
      expect(await expireRows(purchase.id)).toEqual([]);

      const summary = await rollups.nightly(nextNight);
      expect(summary.trainers).toBeGreaterThanOrEqual(1);
      expect(await expireRows(purchase.id)).toEqual([{ delta: -4 }]);
      expect(await purchaseState(purchase.id)).toMatchObject({ remaining: 0, ledgerSum: 0 });
      // The expire row is written now (real time), inside the 35-day window the same run rebuilt.
      expect(await rollupOf(trainerId, localDateOf(new Date(), ZONE))).toMatchObject({
        creditsExpired: 4,
        creditsSold: 4,
      });

      await rollups.nightly(nextNight);
      await rollups.nightly(new Date(nextNight.getTime() + 20 * 60_000));
      expect(await expireRows(purchase.id)).toEqual([{ delta: -4 }]);
    });

    it('writes one expire row when two runs race', async () => {
      const purchase = await sale(1);
      const later = zonedTimeToUtc(addDays(purchase.lastDay, 1), '03:10', ZONE);
      const counts = await Promise.all([expiry.expireDueFor(trainerId, later), expiry.expireDueFor(trainerId, later)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      expect(await expireRows(purchase.id)).toEqual([{ delta: -4 }]);
    });
  });

  describe('scheduleDay', () => {
    let queue: Queue;
    const mine = async (): Promise<Job[]> =>
      (await queue.getJobs(['delayed', 'waiting'])).filter((job) => job.data?.trainerId === trainerId);

    beforeAll(() => {
      queue = t.app.get<Queue>(getQueueToken(QueueName.Rollups), { strict: false });
    });
    afterAll(async () => {
      for (const job of await mine()) await job.remove();
    });

    it('adds one delayed job per trainer, day and debounce window, with a deterministic id', async () => {
      const now = new Date('2026-12-01T10:00:01.000Z');
      await rollups.scheduleDay(trainerId, '2026-12-01', now);
      await rollups.scheduleDay(trainerId, '2026-12-01', new Date(now.getTime() + 1_500));
      await rollups.scheduleDays(trainerId, ['2026-12-01', '2026-12-02', '2026-12-01'], now);
      const { jobId } = rollupDayJob({ trainerId, day: '2026-12-01' }, now.getTime());
      expect((await mine()).map((job) => job.id).sort()).toEqual(
        [jobId, rollupDayJob({ trainerId, day: '2026-12-02' }, now.getTime()).jobId].sort(),
      );
      const job = await queue.getJob(jobId);
      expect(job?.name).toBe(RollupJob.RefreshDay);
      expect(job?.data).toEqual({ trainerId, day: '2026-12-01' });
      expect(job?.opts.delay).toBeGreaterThan(0);

      // The next window gets a job of its own: a change after the first job started is never dropped.
      await rollups.scheduleDay(trainerId, '2026-12-01', new Date(now.getTime() + 6_000));
      expect(await mine()).toHaveLength(3);
    });

    it('maps instants to the trainer’s local days', async () => {
      for (const job of await mine()) await job.remove();
      // 13:30 UTC on 1 December is already 2 December in Sydney.
      await rollups.scheduleInstants(trainerId, [new Date('2026-12-01T13:30:00Z')], new Date('2026-12-01T13:30:00Z'));
      expect((await mine()).map((job) => job.data.day)).toEqual(['2026-12-02']);
    });
  });

  describe(RollupsProcessor.name, () => {
    it('refreshes a day through its handler and refuses an unknown job name', async () => {
      const processor = new RollupsProcessor(rollups);
      expect(() => processor.onModuleInit()).not.toThrow();
      const today = localDateOf(new Date(), ZONE);
      await createClient(t, trainer.actor, { name: 'Ελένη' });
      const job = { name: RollupJob.RefreshDay, data: { trainerId, day: today } } as Job;
      await processor.process(job);
      expect((await rollupOf(trainerId, today))?.newClients).toBeGreaterThanOrEqual(1);
      expect(await processor.process(job)).toEqual({ written: 0, deleted: 0 });
      await expect(processor.process({ name: 'bogus', data: {} } as Job)).rejects.toThrow('Unknown rollup job bogus');
      await expect(processor.process({ name: RollupJob.RefreshDay, data: { day: 'x' } } as Job)).rejects.toThrow(
        'Malformed',
      );
    });
  });
});
