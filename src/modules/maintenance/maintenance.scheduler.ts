import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { MaintenanceJob, QueueName } from '../../common/queue/queues.js';

/** When each housekeeping job runs (cron, UTC): night in Europe, spread out so they never overlap. */
const SCHEDULES: Record<MaintenanceJob, string> = {
  [MaintenanceJob.PurgeIdempotencyKeys]: '17 3 * * *',
  [MaintenanceJob.CleanupOutbox]: '47 3 * * *',
};

/**
 * Registers the repeating housekeeping jobs. Upserting by id makes every worker start idempotent; the Record type
 * makes a new MaintenanceJob without a schedule a compile error.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const [name, pattern] of Object.entries(SCHEDULES) as Array<[MaintenanceJob, string]>) {
      await this.queue.upsertJobScheduler(
        name,
        { pattern, tz: 'UTC' },
        { name, opts: { removeOnComplete: 100, removeOnFail: 500 } },
      );
    }
  }
}
