import { Module } from '@nestjs/common';
import { NotificationLogRepository } from './notification-log.repository.js';
import { NotificationLogService } from './notification-log.service.js';

/**
 * The notification log as the trainer reads it (a booking's timeline, its API), without the pipeline's queues:
 * the web process needs the read, not the relay or the reconciler (reminders.module.ts).
 */
@Module({
  providers: [NotificationLogRepository, NotificationLogService],
  exports: [NotificationLogService],
})
export class NotificationLogModule {}
