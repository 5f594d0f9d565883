import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { Public } from '../../common/http/route-access.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { APP_SECTIONS, navFor } from './app-sections.js';

const COMING_SOON: Record<string, string> = {
  dashboard: 'Today’s sessions, this week at a glance, recent clients and revenue will live here.',
  analytics: 'Revenue by week and month, sessions delivered, no-shows and your busiest hours.',
};

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

  /** Sections later issues build; an honest placeholder until then, inside the real app shell. */
  @Get(Object.keys(COMING_SOON))
  section(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const key = req.routeOptions.url?.replace(/^\/+/, '').replace(/\/+$/, '') ?? '';
    const section = APP_SECTIONS.find((s) => s.key === key) ?? APP_SECTIONS[0];
    this.htmx.for(req, reply).page('pages/coming-soon', {
      title: section.label,
      nav: navFor(section.key),
      heading: section.label,
      description: COMING_SOON[section.key],
    });
  }
}
