import { Module } from '@nestjs/common';
import { CreditNoticesWorkerModule } from '../notifications/credit-notices.worker-module.js';
import { EmailsProcessor } from './jobs/emails.processor.js';
import { RemindersProcessor } from './jobs/reminders.processor.js';
import { RemindersModule } from './reminders.module.js';
import { RemindersTimers } from './reminders.timers.js';

/** Worker-side only: the reminder and email processors, the outbox relay's and the reconciler's timers. */
@Module({
  imports: [RemindersModule, CreditNoticesWorkerModule],
  providers: [RemindersProcessor, EmailsProcessor, RemindersTimers],
})
export class RemindersWorkerModule {}
