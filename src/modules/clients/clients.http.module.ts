import { Module } from '@nestjs/common';
import { ClientsApiController } from './clients.api.controller.js';
import { ClientsModule } from './clients.module.js';
import { ClientsWebController } from './clients.web.controller.js';

/** Clients' two doors; imported by the HTTP process only. */
@Module({
  imports: [ClientsModule],
  controllers: [ClientsApiController, ClientsWebController],
})
export class ClientsHttpModule {}
