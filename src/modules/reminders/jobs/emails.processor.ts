import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { EmailJob, QueueName, type BookingNoticePayload } from '../../../common/queue/queues.js';
import { ReminderDeliveryService, type DeliveryOutcome } from '../reminder-delivery.service.js';
import { outcomeOrThrow, isFinalAttempt } from './delivery-outcome.js';

type Handler = (job: Job) => Promise<DeliveryOutcome>;

@Processor(QueueName.Emails)
export class EmailsProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers: Record<EmailJob, Handler> = {
    [EmailJob.BookingNotice]: async (job) =>
      outcomeOrThrow(
        await this.delivery.deliverNotice(job.data as BookingNoticePayload, new Date(), isFinalAttempt(job)),
      ),
  };

  constructor(private readonly delivery: ReminderDeliveryService) {
    super();
  }

  onModuleInit(): void {
    const missing = Object.values(EmailJob).filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`Email jobs without a handler: ${missing.join(', ')}`);
  }

  async process(job: Job): Promise<DeliveryOutcome> {
    const handler = (this.handlers as Partial<Record<string, Handler>>)[job.name];
    if (!handler) throw new UnrecoverableError(`Unknown email job ${job.name}`);
    return handler(job);
  }
}
