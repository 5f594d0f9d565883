import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MaintenanceJob, QueueName } from '../../../common/queue/queues.js';
import { MaintenanceService } from '../maintenance.service.js';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(private readonly maintenance: MaintenanceService) {
    super();
  }

  async process(job: Job): Promise<{ purged: number }> {
    if (job.name !== MaintenanceJob.PurgeIdempotencyKeys) throw new Error(`Unknown maintenance job ${job.name}`);
    const purged = await this.maintenance.purgeExpiredIdempotencyKeys();
    this.logger.log({ purged }, 'Purged expired idempotency keys');
    return { purged };
  }
}
