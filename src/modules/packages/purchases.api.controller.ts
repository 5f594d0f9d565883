import { Body, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { CreditsService } from './credits.service.js';
import {
  ClientCreditsDto,
  PurchaseResponseDto,
  SaleResponseDto,
  SellPackageDto,
  toLedgerEntry,
  toPurchaseResponse,
  toSaleResponse,
} from './dto/purchase.dto.js';
import { PurchasesService } from './purchases.service.js';

/** A client's purchases and credits: /api/v1/clients/{id}/purchases and /credits. */
@ApiV1Controller('clients')
export class PurchasesApiController {
  constructor(
    private readonly purchases: PurchasesService,
    private readonly credits: CreditsService,
  ) {}

  @Get(':id/purchases')
  @ApiOperation({
    summary: 'List a client’s purchases',
    description: 'Every package the client bought, with its balance; newest first.',
  })
  @ApiOkResponse({ type: [PurchaseResponseDto] })
  @ApiProblemResponses(401, 404)
  async listPurchases(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<PurchaseResponseDto[]> {
    return (await this.purchases.listForClient(actor, id)).map(toPurchaseResponse);
  }

  @Post(':id/purchases')
  @Idempotent()
  @ApiOperation({
    summary: 'Sell a package to a client',
    description:
      'One transaction: the purchase, its `grant` ledger row and, unless `paid` is false or the price is 0, the payment.',
  })
  @ApiCreatedResponse({ type: SaleResponseDto })
  @ApiProblemResponses(400, 401, 404, 422)
  async sellPackage(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SellPackageDto,
  ): Promise<SaleResponseDto> {
    const sale = await this.purchases.sell(actor, id, {
      packageId: dto.packageId,
      priceMinor: dto.priceMinor,
      paymentMethod: dto.paymentMethod,
      paid: dto.paid,
      paidAt: dto.paidAt ? new Date(dto.paidAt) : undefined,
    });
    return toSaleResponse(sale);
  }

  @Get(':id/credits')
  @ApiOperation({
    summary: 'A client’s credits',
    description: 'Usable balance, the balance per purchase and the full ledger.',
  })
  @ApiOkResponse({ type: ClientCreditsDto })
  @ApiProblemResponses(401, 404)
  async getClientCredits(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ClientCreditsDto> {
    const credits = await this.credits.creditsOf(actor, id);
    return {
      balance: credits.usable,
      purchases: credits.balances.map(toPurchaseResponse),
      ledger: credits.ledger.map(toLedgerEntry),
    };
  }
}
