import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { varyOnHtmx } from '../htmx/htmx.js';
import { ViewEngine, type ViewContext } from './view-engine.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What every page's layout needs (signed-in user, CSRF token, flash), filled by the auth layer. */
    shell?: ViewContext;
  }
}

/** Renders pages inside the layout with the shell context, and bare fragments for htmx. */
@Injectable()
export class PageRenderer {
  constructor(private readonly views: ViewEngine) {}

  page(req: FastifyRequest, name: string, context: ViewContext = {}): string {
    return this.views.renderPage(name, { ...req.shell, ...context });
  }

  fragment(name: string, context: ViewContext = {}): string {
    return this.views.render(name, context);
  }

  /** Sends a full page (with Vary: HX-Request, as the same URL may also answer fragments). */
  sendPage(req: FastifyRequest, reply: FastifyReply, name: string, context: ViewContext = {}, status = 200): void {
    varyOnHtmx(reply);
    void reply.status(status).type('text/html; charset=utf-8').send(this.page(req, name, context));
  }

  sendFragment(reply: FastifyReply, name: string, context: ViewContext = {}, status = 200): void {
    varyOnHtmx(reply);
    void reply.status(status).type('text/html; charset=utf-8').send(this.fragment(name, context));
  }
}
