import { Module } from '@nestjs/common';
import { EmailsProcessor } from './jobs/emails.processor.js';
import { RemindersProcessor } from './jobs/reminders.processor.js';
import { RemindersModule } from './reminders.module.js';
import { RemindersTimers } from './reminders.timers.js';

/** Worker-side only: the reminder and email processors, the outbox relay's and the reconciler's timers. */
@Module({
  imports: [RemindersModule],
  providers: [RemindersProcessor, EmailsProcessor, RemindersTimers],
})
export class RemindersWorkerModule {}
