import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { MaintenanceJob, QueueName } from '../../common/queue/queues.js';

/** Registers the repeating housekeeping jobs. Upserting by id makes every worker start idempotent. */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      MaintenanceJob.PurgeIdempotencyKeys,
      { pattern: '17 3 * * *', tz: 'UTC' },
      { name: MaintenanceJob.PurgeIdempotencyKeys, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
  }
}
