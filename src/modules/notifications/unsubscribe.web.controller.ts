import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { ClientEmailsService, type UnsubscribeState } from './client-emails.service.js';

function pageContext(token: string, state: UnsubscribeState) {
  return {
    title: state.optedOut ? 'You’re unsubscribed' : 'Unsubscribe',
    state,
    actionUrl: `/unsubscribe/${encodeURIComponent(token)}`,
  };
}

/**
 * The links in client emails. Deliberately no door (no @WebController): the client has no session, and a mail
 * provider's RFC 8058 one-click POST carries no cookie and no CSRF token. The signed token in the URL is the whole
 * credential, so a forged or foreign one answers 404, like any unknown page.
 */
@ApiExcludeController()
@Controller('unsubscribe')
export class UnsubscribeWebController {
  constructor(
    private readonly emails: ClientEmailsService,
    private readonly htmx: HtmxKit,
  ) {}

  /** The confirmation page: a GET must not opt out, as link scanners and previews follow links. */
  @Get(':token')
  async confirm(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const state = await this.emails.unsubscribeState(token);
    this.htmx.for(req, reply).page('pages/notifications/unsubscribe', pageContext(token, state));
  }

  /** The page's button and the mail provider's one-click POST (List-Unsubscribe=One-Click) both land here. */
  @Post(':token')
  async unsubscribe(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const state = await this.emails.optOut(token);
    this.htmx.for(req, reply).page('pages/notifications/unsubscribe', pageContext(token, state));
  }
}
