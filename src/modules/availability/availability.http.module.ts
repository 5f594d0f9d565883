import { Module } from '@nestjs/common';
import { AvailabilityApiController } from './availability.api.controller.js';
import { AvailabilityModule } from './availability.module.js';
import { AvailabilityWebController } from './availability.web.controller.js';

/** Availability's two doors; imported by the HTTP process only. */
@Module({
  imports: [AvailabilityModule],
  controllers: [AvailabilityApiController, AvailabilityWebController],
})
export class AvailabilityHttpModule {}
