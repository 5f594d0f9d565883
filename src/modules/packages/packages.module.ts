import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { TrainersModule } from '../trainers/trainers.module.js';
import { ClientCreditsWebController } from './client-credits.web.controller.js';
import { CreditsService } from './credits.service.js';
import { PackagesApiController } from './packages.api.controller.js';
import { PackagesService } from './packages.service.js';
import { PackagesWebController } from './packages.web.controller.js';
import { PurchasesApiController } from './purchases.api.controller.js';
import { PurchasesService } from './purchases.service.js';

/** Packages: the catalogue, selling, and CreditsService, which bookings use to take and give back credits. */
@Module({
  imports: [ClientsModule, TrainersModule],
  controllers: [PackagesApiController, PurchasesApiController, PackagesWebController, ClientCreditsWebController],
  providers: [PackagesService, PurchasesService, CreditsService],
  exports: [CreditsService, PackagesService, PurchasesService],
})
export class PackagesModule {}
