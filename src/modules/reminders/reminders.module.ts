import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module.js';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TrainerEmailsModule } from '../notifications/trainer-emails.module.js';
import { OutboxRelayService } from '../outbox/outbox-relay.service.js';
import { NotificationLogRepository } from './notification-log.repository.js';
import { ReminderDeliveryService } from './reminder-delivery.service.js';
import { RemindersReconcilerService } from './reminders-reconciler.service.js';
import { TrainerCopyDeliveryService } from './trainer-copy-delivery.service.js';

/** The reminder pipeline's services (relay, delivery, reconciler), without processors or timers: tests drive these. */
@Module({
  imports: [QueueModule, NotificationsModule, TrainerEmailsModule, AnalyticsModule],
  providers: [
    NotificationLogRepository,
    ReminderDeliveryService,
    TrainerCopyDeliveryService,
    OutboxRelayService,
    RemindersReconcilerService,
  ],
  exports: [ReminderDeliveryService, TrainerCopyDeliveryService, OutboxRelayService, RemindersReconcilerService],
})
export class RemindersModule {}
