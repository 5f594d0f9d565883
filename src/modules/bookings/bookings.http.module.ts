import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module.js';
import { ClientsModule } from '../clients/clients.module.js';
import { PackagesModule } from '../packages/packages.module.js';
import { TrainersModule } from '../trainers/trainers.module.js';
import { BookingsApiController } from './bookings.api.controller.js';
import { BookingsModule } from './bookings.module.js';
import { BookingsWebController } from './bookings.web.controller.js';

/** Bookings' two doors; imported by the HTTP process only. */
@Module({
  imports: [BookingsModule, AvailabilityModule, ClientsModule, PackagesModule, TrainersModule],
  controllers: [BookingsApiController, BookingsWebController],
})
export class BookingsHttpModule {}
