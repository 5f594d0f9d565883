import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { PaymentsApiController } from './payments.api.controller.js';
import { PaymentsService } from './payments.service.js';

/** Payments: money received, optionally settling a purchase or a session. */
@Module({
  imports: [ClientsModule],
  controllers: [PaymentsApiController],
  providers: [PaymentsService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
