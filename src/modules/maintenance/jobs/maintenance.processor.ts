import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { MaintenanceJob, QueueName } from '../../../common/queue/queues.js';
import { MaintenanceService } from '../maintenance.service.js';

type Handler = (job: Job) => Promise<object>;

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  /** One handler per job name; the Record type makes a new MaintenanceJob without a handler a compile error. */
  private readonly handlers: Record<MaintenanceJob, Handler> = {
    [MaintenanceJob.PurgeIdempotencyKeys]: async () => {
      const purged = await this.maintenance.purgeExpiredIdempotencyKeys();
      this.logger.log({ purged }, 'Purged expired idempotency keys');
      return { purged };
    },
    [MaintenanceJob.CleanupOutbox]: async () => {
      const summary = await this.maintenance.cleanupProcessedOutbox();
      this.logger.log(summary, 'Deleted processed outbox rows');
      return summary;
    },
  };

  constructor(private readonly maintenance: MaintenanceService) {
    super();
  }

  /** Asserted at start as well: a job name added to the enum at run time (or a typo'd cast) fails the boot. */
  onModuleInit(): void {
    const missing = Object.values(MaintenanceJob).filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`Maintenance jobs without a handler: ${missing.join(', ')}`);
  }

  async process(job: Job): Promise<object> {
    const handler = (this.handlers as Partial<Record<string, Handler>>)[job.name];
    if (!handler) throw new UnrecoverableError(`Unknown maintenance job ${job.name}`);
    return handler(job);
  }
}
