import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHtmx } from '../htmx/htmx.js';
import { safeNextPath } from '../http/safe-redirect.js';
import { PageRenderer } from '../views/page-renderer.js';
import { WebShell } from '../views/web-shell.js';
import type { ErrorResponse } from './error-response.js';

const PAGE_TITLES: Record<number, string> = {
  403: 'You can’t do that',
  404: 'Page not found',
  409: 'That clashes with something',
  429: 'Slow down a little',
  503: 'We’ll be right back',
};

/**
 * HTML errors: htmx gets a dismissable flash swapped into #flash; a plain request gets a full error page, inside
 * the app shell for a signed-in trainer and the public one otherwise.
 */
@Injectable()
export class WebErrorRenderer {
  constructor(
    private readonly pages: PageRenderer,
    private readonly shell: WebShell,
  ) {}

  render(req: FastifyRequest, reply: FastifyReply, error: ErrorResponse): void {
    if (error.status === 401) {
      this.toLogin(req, reply, error.extra?.loginRedirect);
      return;
    }
    if (isHtmx(req)) {
      void reply
        .status(error.status)
        .header('hx-retarget', '#flash')
        .header('hx-reswap', 'innerHTML')
        .type('text/html; charset=utf-8')
        .send(this.pages.fragment('partials/shared/flash', { flash: { kind: 'error', message: error.message } }));
      return;
    }
    // An unknown URL reached no guard, so nobody has looked at the session yet. If that fails too (an outage),
    // the page still renders, in the public shell.
    void this.shell
      .ensure(req, reply)
      .catch(() => undefined)
      .then(() => this.sendPage(req, reply, error))
      .catch(() => {
        if (!reply.sent) void reply.status(error.status).type('text/plain; charset=utf-8').send(error.message);
      });
  }

  private sendPage(req: FastifyRequest, reply: FastifyReply, error: ErrorResponse): void {
    if (reply.sent) return;
    const title = PAGE_TITLES[error.status] ?? (error.status >= 500 ? 'Something went wrong' : 'That didn’t work');
    // A signed-in visitor hit by an outage keeps the way back to their dashboard, even if we could not load them.
    const signedIn = Boolean(req.actor) || req.shell?.signedIn === true;
    const retryUrl = error.status === 503 && req.method === 'GET' ? safeNextPath(req.url, '/') : undefined;
    const context = { title, status: error.status, message: error.message, bare: !signedIn, signedIn, retryUrl };
    this.pages.sendPage(req, reply, 'pages/error', context, error.status);
  }

  /** Signed-out visitors of a private page go to the login form, which brings them back afterwards. */
  private toLogin(req: FastifyRequest, reply: FastifyReply, next: unknown): void {
    const target = typeof next === 'string' && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
    if (isHtmx(req)) {
      // A full navigation, not a swap: the login page must not land inside a widget.
      void reply.status(200).header('hx-redirect', target).send('');
      return;
    }
    void reply.status(303).header('location', target).send('');
  }
}
