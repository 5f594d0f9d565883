import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName, RollupJob } from '../../common/queue/queues.js';

/**
 * Registers the hourly sweep that finds the trainers at 03:00 local. Hourly in UTC rather than one schedule per
 * trainer: zones come and go with trainers, and a single scheduler upserted by id keeps every worker start
 * idempotent. Minute 7 keeps clear of the top-of-the-hour crowd.
 */
@Injectable()
export class RollupsScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Rollups) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RollupJob.NightlySweep,
      { pattern: '7 * * * *', tz: 'UTC' },
      { name: RollupJob.NightlySweep, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
  }
}
