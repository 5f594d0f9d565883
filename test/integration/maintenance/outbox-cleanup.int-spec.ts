import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { CoreModule } from '../../../src/core.module.js';
import { MaintenanceModule } from '../../../src/modules/maintenance/maintenance.module.js';
import { MaintenanceService } from '../../../src/modules/maintenance/maintenance.service.js';
import { ensureMigrated, rawClient } from '../../helpers/database.js';

const DAY = 24 * 3600_000;
/** The test's clock; the rows are dated from it, so the outcome does not depend on when the test runs. */
const NOW = new Date(Date.UTC(2031, 2, 10, 4, 0));

interface Row {
  id: string;
  label: string;
  createdAt: Date;
  processedAt: Date | null;
}

function row(label: string, createdDaysAgo: number, processedDaysAgo: number | null): Row {
  return {
    id: randomUUID(),
    label,
    createdAt: new Date(NOW.getTime() - createdDaysAgo * DAY),
    processedAt: processedDaysAgo === null ? null : new Date(NOW.getTime() - processedDaysAgo * DAY),
  };
}

describe(MaintenanceService.name, () => {
  let context: INestApplicationContext;
  let maintenance: MaintenanceService;

  beforeAll(async () => {
    await ensureMigrated();
    // The maintenance core without the worker's processor, scheduler or heartbeat: the test decides when it runs.
    class CleanupTestModule {}
    Module({ imports: [CoreModule, MaintenanceModule] })(CleanupTestModule);
    context = await NestFactory.createApplicationContext(CleanupTestModule, { logger: false, abortOnError: false });
    maintenance = context.get(MaintenanceService, { strict: false });
  });

  afterAll(async () => {
    await context?.close();
  });

  async function insert(rows: Row[]): Promise<void> {
    const db = await rawClient();
    try {
      for (const r of rows) {
        await db.query(
          `insert into outbox_messages (id, topic, payload, created_at, updated_at, processed_at)
           values ($1, 'test.cleanup', $2, $3, $3, $4)`,
          [r.id, JSON.stringify({ label: r.label }), r.createdAt, r.processedAt],
        );
      }
    } finally {
      await db.end();
    }
  }

  async function remaining(rows: Row[]): Promise<string[]> {
    const db = await rawClient();
    try {
      const { rows: found } = await db.query<{ label: string }>(
        `select payload->>'label' as label from outbox_messages where id = any($1::uuid[]) order by 1`,
        [rows.map((r) => r.id)],
      );
      return found.map((r) => r.label);
    } finally {
      await db.end();
    }
  }

  async function remove(rows: Row[]): Promise<void> {
    const db = await rawClient();
    try {
      await db.query('delete from outbox_messages where id = any($1::uuid[])', [rows.map((r) => r.id)]);
    } finally {
      await db.end();
    }
  }

  describe('cleanupProcessedOutbox', () => {
    it('deletes processed rows older than a week, in batches, and nothing else', async () => {
      const rows = [
        row('processed 8 days ago', 8, 8),
        row('processed 10 days ago (a)', 10, 10),
        row('processed 10 days ago (b)', 10, 10),
        row('processed 10 days ago (c)', 10, 10),
        row('processed 6 days ago', 9, 6),
        row('processed just now', 0, 0),
        row('pending for 30 days', 30, null),
        row('pending since now', 0, null),
      ];
      await insert(rows);
      try {
        const summary = await maintenance.cleanupProcessedOutbox(NOW, { batchSize: 2 });

        expect(await remaining(rows)).toEqual([
          'pending for 30 days',
          'pending since now',
          'processed 6 days ago',
          'processed just now',
        ]);
        // Other suites' old processed rows may go too; these four certainly did, two per statement at most.
        expect(summary.deleted).toBeGreaterThanOrEqual(4);
        expect(summary.batches).toBeGreaterThanOrEqual(3);
        expect(summary.cutoff).toBe(new Date(NOW.getTime() - 7 * DAY).toISOString());
      } finally {
        await remove(rows);
      }
    });

    it('does nothing on a second run', async () => {
      const rows = [row('processed 8 days ago', 8, 8), row('pending for 30 days', 30, null)];
      await insert(rows);
      try {
        await maintenance.cleanupProcessedOutbox(NOW);
        const again = await maintenance.cleanupProcessedOutbox(NOW);
        expect(again).toEqual({ deleted: 0, batches: 1, cutoff: new Date(NOW.getTime() - 7 * DAY).toISOString() });
        expect(await remaining(rows)).toEqual(['pending for 30 days']);
      } finally {
        await remove(rows);
      }
    });
  });
});
