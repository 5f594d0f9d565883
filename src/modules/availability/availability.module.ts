import { Module } from '@nestjs/common';
import { AvailabilityApiController } from './availability.api.controller.js';
import { AvailabilityService } from './availability.service.js';
import { AvailabilityWebController } from './availability.web.controller.js';

/** Working hours, days off and free slots. Exports the service for bookings (slots and "outside hours" warnings). */
@Module({
  controllers: [AvailabilityApiController, AvailabilityWebController],
  providers: [AvailabilityService],
  exports: [AvailabilityService],
})
export class AvailabilityModule {}
