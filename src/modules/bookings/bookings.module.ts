import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module.js';
import { ClientsModule } from '../clients/clients.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { PackagesModule } from '../packages/packages.module.js';
import { NotificationLogModule } from '../reminders/notification-log.module.js';
import { TrainersModule } from '../trainers/trainers.module.js';
import { BookingScreensService } from './booking-screens.service.js';
import { BookingsRepository } from './bookings.repository.js';
import { BookingsService } from './bookings.service.js';

/** The bookings core: rules, credits and reminders planning. Imported by both processes. */
@Module({
  imports: [AvailabilityModule, ClientsModule, OutboxModule, PackagesModule, TrainersModule, NotificationLogModule],
  providers: [BookingsService, BookingsRepository, BookingScreensService],
  exports: [BookingsService, BookingScreensService, NotificationLogModule],
})
export class BookingsModule {}
