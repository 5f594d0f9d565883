import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { EmailJob, QueueName, SEND_CONCURRENCY, type BookingNoticePayload } from '../../../common/queue/queues.js';
import { CreditNoticesService } from '../../notifications/credit-notices.service.js';
import { CreditNoticeJob, type CreditNoticePayload } from '../../notifications/credit-notices.types.js';
import { TrainerCopyJob, type TrainerCopyPayload } from '../../notifications/trainer-emails.types.js';
import { ReminderDeliveryService, type DeliveryOutcome } from '../reminder-delivery.service.js';
import { TrainerCopyDeliveryService } from '../trainer-copy-delivery.service.js';
import { outcomeOrThrow, isFinalAttempt } from './delivery-outcome.js';

type Handler = (job: Job) => Promise<DeliveryOutcome>;

@Processor(QueueName.Emails, { concurrency: SEND_CONCURRENCY })
export class EmailsProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers: Record<EmailJob | CreditNoticeJob | TrainerCopyJob, Handler> = {
    [EmailJob.BookingNotice]: async (job) =>
      outcomeOrThrow(
        await this.delivery.deliverNotice(job.data as BookingNoticePayload, new Date(), isFinalAttempt(job)),
      ),
    [CreditNoticeJob.Send]: async (job) =>
      outcomeOrThrow(
        await this.creditNotices.deliver(job.data as CreditNoticePayload, new Date(), isFinalAttempt(job)),
      ),
    [TrainerCopyJob.Send]: async (job) =>
      outcomeOrThrow(
        await this.trainerCopies.deliver(
          job.data as TrainerCopyPayload,
          new Date(),
          job.attemptsMade + 1,
          isFinalAttempt(job),
        ),
      ),
  };

  constructor(
    private readonly delivery: ReminderDeliveryService,
    private readonly creditNotices: CreditNoticesService,
    private readonly trainerCopies: TrainerCopyDeliveryService,
  ) {
    super();
  }

  onModuleInit(): void {
    const names = [...Object.values(EmailJob), ...Object.values(CreditNoticeJob), ...Object.values(TrainerCopyJob)];
    const missing = names.filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`Email jobs without a handler: ${missing.join(', ')}`);
  }

  async process(job: Job): Promise<DeliveryOutcome> {
    const handler = (this.handlers as Partial<Record<string, Handler>>)[job.name];
    if (!handler) throw new UnrecoverableError(`Unknown email job ${job.name}`);
    return handler(job);
  }
}
