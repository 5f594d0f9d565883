import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { isPartial } from '../../common/htmx/htmx.js';
import { PageRenderer } from '../../common/views/page-renderer.js';
import { navFor } from '../pages/app-sections.js';
import { toClientCreditsView } from './packages.views.js';
import { PurchasesService } from './purchases.service.js';

/** /clients/:id/credits: the client page's packages section (loaded by htmx), or a page of its own without JS. */
@WebController('clients')
export class ClientCreditsWebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly purchases: PurchasesService,
  ) {}

  @Get(':id/credits')
  async credits(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const credits = toClientCreditsView(await this.purchases.clientCreditsSummary(actor, id), actor.timeZone);
    if (isPartial(req)) return this.pages.sendFragment(reply, 'partials/packages/client-credits', { ...req.shell, credits });
    this.pages.sendPage(req, reply, 'pages/packages/client-credits', {
      title: `${credits.clientName}: packages and credits`,
      heading: `${credits.clientName}: packages and credits`,
      nav: navFor('clients'),
      credits,
    });
  }
}
