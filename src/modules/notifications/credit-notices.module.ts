import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module.js';
import { PackagesModule } from '../packages/packages.module.js';
import { CreditNoticesRepository } from './credit-notices.repository.js';
import { CreditNoticesService } from './credit-notices.service.js';
import { NotificationsModule } from './notifications.module.js';

/** The credit notices' sweep and delivery, without timers or processors: the worker module and tests drive these. */
@Module({
  imports: [QueueModule, NotificationsModule, PackagesModule],
  providers: [CreditNoticesService, CreditNoticesRepository],
  exports: [CreditNoticesService],
})
export class CreditNoticesModule {}
