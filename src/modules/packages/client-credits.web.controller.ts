import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { navFor } from '../pages/app-sections.js';
import { toClientCreditsView } from './packages.views.js';
import { PurchasesService } from './purchases.service.js';

/** /clients/:id/credits: the client page's packages-and-money section (loaded by htmx), or a page of its own without JS. */
@WebController('clients')
export class ClientCreditsWebController {
  constructor(
    private readonly purchases: PurchasesService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get(':id/credits')
  async credits(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const credits = toClientCreditsView(await this.purchases.clientCreditsSummary(actor, id), actor.timeZone);
    const title = `${credits.clientName}: packages, credits and payments`;
    this.htmx.for(req, reply).pageOrFragment('pages/packages/client-credits', 'partials/packages/client-credits', {
      title,
      heading: title,
      nav: navFor('clients'),
      credits,
    });
  }
}
