import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { TrainersModule } from '../trainers/trainers.module.js';
import { ClientCreditsWebController } from './client-credits.web.controller.js';
import { PackagesApiController } from './packages.api.controller.js';
import { PackagesModule } from './packages.module.js';
import { PackagesWebController } from './packages.web.controller.js';
import { PurchasesApiController } from './purchases.api.controller.js';

/** Packages' doors (catalogue, sales, a client's credits); imported by the HTTP process only. */
@Module({
  imports: [PackagesModule, ClientsModule, TrainersModule],
  controllers: [PackagesApiController, PurchasesApiController, PackagesWebController, ClientCreditsWebController],
})
export class PackagesHttpModule {}
