import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { TrainersModule } from '../trainers/trainers.module.js';
import { CreditsRepository } from './credits.repository.js';
import { CreditExpiryService } from './credit-expiry.service.js';
import { CreditsService } from './credits.service.js';
import { PackagesRepository } from './packages.repository.js';
import { PackagesService } from './packages.service.js';
import { PurchasesRepository } from './purchases.repository.js';
import { PurchasesService } from './purchases.service.js';

/** Packages: the catalogue, selling, and CreditsService, which bookings use to take and give back credits. */
@Module({
  imports: [ClientsModule, TrainersModule, PaymentsModule, OutboxModule],
  providers: [
    PackagesService,
    PurchasesService,
    CreditsService,
    CreditExpiryService,
    PurchasesRepository,
    PackagesRepository,
    CreditsRepository,
  ],
  exports: [CreditsService, CreditExpiryService, PackagesService, PurchasesService],
})
export class PackagesModule {}
