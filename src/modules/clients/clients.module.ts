import { Module } from '@nestjs/common';
import { ClientsApiController } from './clients.api.controller.js';
import { ClientsService } from './clients.service.js';
import { ClientsWebController } from './clients.web.controller.js';

/** Clients: both doors and the service other modules (bookings) use to find bookable clients. */
@Module({
  controllers: [ClientsApiController, ClientsWebController],
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
