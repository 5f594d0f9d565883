import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module.js';
import { ClientsModule } from '../clients/clients.module.js';
import { PackagesModule } from '../packages/packages.module.js';
import { TrainersModule } from '../trainers/trainers.module.js';
import { BookingsApiController } from './bookings.api.controller.js';
import { BookingsService } from './bookings.service.js';
import { BookingsWebController } from './bookings.web.controller.js';

@Module({
  imports: [AvailabilityModule, ClientsModule, PackagesModule, TrainersModule],
  controllers: [BookingsApiController, BookingsWebController],
  providers: [BookingsService],
  exports: [BookingsService],
})
export class BookingsModule {}
