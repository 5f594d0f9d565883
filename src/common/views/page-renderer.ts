import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FlashService } from '../htmx/flash.service.js';
import { varyOnHtmx } from '../htmx/htmx.js';
import { ViewEngine, type ViewContext } from './view-engine.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What every page's layout needs (signed-in user, CSRF token, nav), filled by the auth layer. */
    shell?: ViewContext;
  }
}

/** Renders pages inside the layout with the shell context, and bare fragments for htmx. */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly views: ViewEngine,
    private readonly flashes: FlashService,
  ) {}

  page(req: FastifyRequest, name: string, context: ViewContext = {}): string {
    return this.views.renderPage(name, { ...req.shell, ...context });
  }

  fragment(name: string, context: ViewContext = {}): string {
    return this.views.render(name, context);
  }

  /**
   * Sends a full page (with Vary: HX-Request, as the same URL may also answer fragments). The flash waiting from a
   * redirect is shown, and so used up, here: only a whole page has the #flash that displays it, so a fragment
   * request in between (a list refresh) cannot swallow it. A page's own toast (context.flash) goes first.
   */
  sendPage(req: FastifyRequest, reply: FastifyReply, name: string, context: ViewContext = {}, status = 200): void {
    const flash = context.flash ?? this.flashes.take(req, reply);
    this.sendHtml(reply, this.page(req, name, { ...context, flash }), status);
  }

  sendFragment(reply: FastifyReply, name: string, context: ViewContext = {}, status = 200): void {
    this.sendHtml(reply, this.fragment(name, context), status);
  }

  /** Sends HTML already rendered (a fragment plus, say, a toast partial). */
  sendHtml(reply: FastifyReply, html: string, status = 200): void {
    varyOnHtmx(reply);
    void reply.status(status).type('text/html; charset=utf-8').send(html);
  }
}
