import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { Public } from '../../common/http/route-access.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';

/**
 * The landing page. Every section of the app now has a module of its own (the dashboard was the last to replace
 * its "coming soon" placeholder), so this controller serves the public front page only.
 */
@WebController()
export class PagesWebController {
  constructor(private readonly htmx: HtmxKit) {}

  @Get()
  @Public()
  landing(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const web = this.htmx.for(req, reply);
    if (req.actor) return web.navigate('/dashboard');
    web.page('pages/landing', { title: 'Run your training business', bare: true });
  }
}
