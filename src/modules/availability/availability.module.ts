import { Module } from '@nestjs/common';
import { AvailabilityRepository } from './availability.repository.js';
import { AvailabilityService } from './availability.service.js';

/** Working hours, days off and free slots. Exports the service for bookings (slots and "outside hours" warnings). */
@Module({
  providers: [AvailabilityService, AvailabilityRepository],
  exports: [AvailabilityService],
})
export class AvailabilityModule {}
