import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { QueueName, SEND_CONCURRENCY, ReminderJob, type ReminderPayload } from '../../../common/queue/queues.js';
import { ReminderDeliveryService, type DeliveryOutcome } from '../reminder-delivery.service.js';
import { outcomeOrThrow, isFinalAttempt } from './delivery-outcome.js';

type Handler = (job: Job) => Promise<DeliveryOutcome>;

@Processor(QueueName.Reminders, { concurrency: SEND_CONCURRENCY })
export class RemindersProcessor extends WorkerHost implements OnModuleInit {
  /** One handler per job name; the Record type makes a new ReminderJob without a handler a compile error. */
  private readonly handlers: Record<ReminderJob, Handler> = {
    [ReminderJob.Send]: async (job) =>
      outcomeOrThrow(await this.delivery.deliverReminder(job.data as ReminderPayload, new Date(), isFinalAttempt(job))),
  };

  constructor(private readonly delivery: ReminderDeliveryService) {
    super();
  }

  onModuleInit(): void {
    const missing = Object.values(ReminderJob).filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`Reminder jobs without a handler: ${missing.join(', ')}`);
  }

  async process(job: Job): Promise<DeliveryOutcome> {
    const handler = (this.handlers as Partial<Record<string, Handler>>)[job.name];
    if (!handler) throw new UnrecoverableError(`Unknown reminder job ${job.name}`);
    return handler(job);
  }
}
