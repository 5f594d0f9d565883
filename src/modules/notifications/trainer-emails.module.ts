import { Module } from '@nestjs/common';
import { NotificationsModule } from './notifications.module.js';
import { TrainerEmailRenderer } from './trainer-email-renderer.js';
import { TrainerEmailsService } from './trainer-emails.service.js';

/** Emails to trainers (copies of API bookings and cancels); the worker's delivery uses it. */
@Module({
  imports: [NotificationsModule],
  providers: [TrainerEmailsService, TrainerEmailRenderer],
  exports: [TrainerEmailsService],
})
export class TrainerEmailsModule {}
