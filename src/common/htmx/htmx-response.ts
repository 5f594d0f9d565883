import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FlashMessage } from '../http/web-request.js';
import type { ViewContext } from '../views/view-engine.js';
import type { PageRenderer } from '../views/page-renderer.js';
import type { FlashService } from './flash.service.js';
import { isHtmx, isPartial, redirect, replaceUrl, trigger } from './htmx.js';

type Kind = FlashMessage['kind'];

/**
 * One web answer, built fluently by a handler: `web.trigger('clientsChanged').toast('Saved.').done('/clients')`.
 * It owns every HX-* header (always ASCII, see htmx.ts), always merges the shell context (user, CSRF token)
 * into what it renders, and gives "done" one meaning on both transports:
 * - a plain form post gets a 303 to `url`, with the toast as a flash on the next page (Post/Redirect/Get);
 * - a boosted htmx post (a whole-page form) gets HX-Location to `url`, with the same flash;
 * - a targeted htmx request (modal form, row action) gets 204 plus its events, the toast and closeModal.
 */
export class HtmxResponse {
  private events: Record<string, unknown> = {};
  private flash?: FlashMessage;

  constructor(
    readonly req: FastifyRequest,
    readonly reply: FastifyReply,
    private readonly pages: PageRenderer,
    private readonly flashes: FlashService,
  ) {}

  /** True when htmx asked for a fragment (a modal, a row, a list), not a whole page. */
  get partial(): boolean {
    return isPartial(this.req);
  }

  /** Raises a DOM event on <body> after the swap, e.g. "bookingsChanged" for lists that listen for it. */
  trigger(event: string, detail: Record<string, unknown> = {}): this {
    // On <body>: the element that sent the request may be the very row this answer replaces.
    this.events[event] = { ...detail, target: 'body' };
    return this;
  }

  /** A message for the trainer: a toast after an htmx swap, a flash on the next page after a redirect. */
  toast(message: string, kind: Kind = 'success'): this {
    this.flash = { kind, message };
    return this;
  }

  /** The action succeeded: see the class comment for what each transport gets. */
  done(url: string): void {
    if (this.partial) {
      this.trigger('closeModal');
      this.sendEvents();
      void this.reply.status(204).send();
      return;
    }
    this.navigate(url);
  }

  /** Sends the browser to another page whatever the transport (HX-Location for htmx, never a 3xx). */
  navigate(url: string): void {
    if (this.flash) this.flashes.set(this.reply, this.flash);
    this.flash = undefined;
    this.sendEvents();
    redirect(this.req, this.reply, url);
  }

  /** A form or dialog: inside #modal for htmx, else a page of its own. Templates get `modal` to tell which. */
  modal(template: string, page: string, context: ViewContext, status = 200): void {
    if (this.partial) return this.fragment(template, { ...context, modal: true }, status);
    this.page(page, { ...context, modal: false }, status);
  }

  /** A piece of a page (a row, a list, a widget), rendered with the shell context so its forms carry CSRF. */
  fragment(template: string, context: ViewContext, status = 200): void {
    this.sendEvents();
    this.pages.sendFragment(this.reply, template, { ...this.req.shell, ...context }, status);
  }

  /** A whole page in the layout. */
  page(template: string, context: ViewContext, status = 200): void {
    if (this.flash) this.flashes.set(this.reply, this.flash);
    this.sendEvents();
    this.pages.sendPage(this.req, this.reply, template, context, status);
  }

  /** The page for a plain request, or the fragment when htmx asked for one: one URL, two representations. */
  pageOrFragment(page: string, fragment: string, context: ViewContext, status = 200): void {
    if (this.partial) return this.fragment(fragment, context, status);
    this.page(page, context, status);
  }

  /** Swaps the answer into another element than the one htmx targeted (e.g. the row a modal edited). */
  retarget(selector: string, swap: 'outerHTML' | 'innerHTML' | 'delete' = 'outerHTML'): this {
    void this.reply.header('hx-retarget', selector).header('hx-reswap', swap);
    return this;
  }

  /** Removes the targeted element (after retarget) and sends the events. */
  remove(): void {
    this.sendEvents();
    void this.reply.status(200).type('text/html; charset=utf-8').send('');
  }

  /** Updates the address bar without a navigation (a filtered list's own URL). */
  replaceUrl(url: string): this {
    if (isHtmx(this.req)) replaceUrl(this.reply, url);
    return this;
  }

  private sendEvents(): void {
    if (this.flash && isHtmx(this.req)) {
      this.events.flash = { ...this.flash, target: 'body' };
      this.flash = undefined;
    }
    if (Object.keys(this.events).length > 0) trigger(this.reply, this.events);
    this.events = {};
  }
}
