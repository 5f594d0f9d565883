import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { PaymentsRepository } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';

/** Payments: money received, optionally settling a purchase or a session. */
@Module({
  imports: [ClientsModule, OutboxModule],
  providers: [PaymentsService, PaymentsRepository],
  exports: [PaymentsService],
})
export class PaymentsModule {}
