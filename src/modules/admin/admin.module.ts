import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { AdminQueuesService } from './admin-queues.service.js';
import { AdminRepository } from './admin.repository.js';
import { AdminService } from './admin.service.js';

/**
 * The admin core: the services behind the admin API. Its controllers live in admin.http.module.ts. It imports the
 * reminders core (services only, no processor or timer) so the web process can run the reconciler on request.
 */
@Module({
  imports: [QueueModule, RemindersModule],
  providers: [AdminService, AdminRepository, AdminQueuesService],
  exports: [AdminService, AdminQueuesService],
})
export class AdminModule {}
