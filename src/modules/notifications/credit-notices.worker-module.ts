import { Module } from '@nestjs/common';
import { CreditNoticesModule } from './credit-notices.module.js';
import { CreditNoticesTimers } from './credit-notices.timers.js';

/**
 * Worker-side only: the credit notices' sweep timer. The notices travel on the emails queue, whose one processor
 * (reminders/jobs/emails.processor.ts) dispatches them to CreditNoticesService, re-exported here for it.
 */
@Module({
  imports: [CreditNoticesModule],
  providers: [CreditNoticesTimers],
  exports: [CreditNoticesModule],
})
export class CreditNoticesWorkerModule {}
