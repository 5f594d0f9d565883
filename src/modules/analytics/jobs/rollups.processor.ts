import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { QueueName, RollupJob, type RefreshDayPayload } from '../../../common/queue/queues.js';
import { isIsoDate, isUuid } from '../../../common/validation/validators.js';
import { RollupsService } from '../rollups.service.js';

type Handler = (job: Job) => Promise<object>;

/** Reads a refresh job's payload; a malformed one can never succeed, so it fails without retries. */
function refreshDayPayload(data: unknown): RefreshDayPayload {
  const { trainerId, day } = (data ?? {}) as Partial<Record<keyof RefreshDayPayload, unknown>>;
  if (!isUuid(trainerId) || !isIsoDate(day)) throw new UnrecoverableError('Malformed refresh-day payload');
  return { trainerId: trainerId.toLowerCase(), day };
}

@Processor(QueueName.Rollups)
export class RollupsProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(RollupsProcessor.name);

  /** One handler per job name; the Record type makes a new RollupJob without a handler a compile error. */
  private readonly handlers: Record<RollupJob, Handler> = {
    [RollupJob.RefreshDay]: (job) => this.rollups.refreshDay(refreshDayPayload(job.data)),
    [RollupJob.NightlySweep]: async () => {
      const summary = await this.rollups.nightly(new Date());
      this.logger.log(summary, 'Nightly credit expiry and rollup rebuild');
      return summary;
    },
  };

  constructor(private readonly rollups: RollupsService) {
    super();
  }

  /** Asserted at start as well: a job name added to the enum at run time (or a typo'd cast) fails the boot. */
  onModuleInit(): void {
    const missing = Object.values(RollupJob).filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`Rollup jobs without a handler: ${missing.join(', ')}`);
  }

  async process(job: Job): Promise<object> {
    const handler = (this.handlers as Partial<Record<string, Handler>>)[job.name];
    if (!handler) throw new UnrecoverableError(`Unknown rollup job ${job.name}`);
    return handler(job);
  }
}
