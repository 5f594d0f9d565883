import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FlashMessage } from '../http/web-request.js';
import type { ViewContext } from '../views/view-engine.js';
import type { PageRenderer } from '../views/page-renderer.js';
import type { FlashService } from './flash.service.js';
import { asciiUrl, isHtmx, isPartial, redirect, replaceUrl, trigger } from './htmx.js';

type Kind = FlashMessage['kind'];
type Swap = 'outerHTML' | 'innerHTML' | 'delete';

/** The toast as an htmx 4 `<hx-partial>`: appended to #flash whatever the request targeted. */
const TOAST_PARTIAL = 'partials/shared/toast-partial';

/**
 * One web answer, built fluently by a handler: `web.trigger('clientsChanged').toast('Saved.').done('/clients')`.
 * It owns every HX-* header (always ASCII, see htmx.ts), always merges the shell context (user, CSRF token)
 * into what it renders, and gives "done" one meaning on both transports:
 * - a plain form post gets a 303 to `url`, with the toast as a flash on the next page (Post/Redirect/Get);
 * - a boosted htmx post (a whole-page form) gets HX-Location to `url`, with the same flash;
 * - a targeted htmx request (modal form, row action) gets its events and closeModal, plus the toast as an
 *   `<hx-partial>` for #flash (200), or nothing at all (204) when there is no toast.
 * User text (the toast) travels in the body, never in a header.
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

  /** A message for the trainer: a toast in this answer, or a flash on the next page after a redirect. */
  toast(message: string, kind: Kind = 'success'): this {
    this.flash = { kind, message };
    return this;
  }

  /** The action succeeded: see the class comment for what each transport gets. */
  done(url: string): void {
    if (!this.partial) return this.navigate(url);
    this.trigger('closeModal');
    this.sendEvents();
    if (!this.flash) {
      void this.reply.status(204).send();
      return;
    }
    this.sendHtml(200, '');
  }

  /** Sends the browser to another page whatever the transport (HX-Location for htmx, never a 3xx). */
  navigate(url: string): void {
    if (this.flash) this.flashes.set(this.reply, this.flash);
    this.flash = undefined;
    this.sendEvents();
    redirect(this.req, this.reply, url);
  }

  /**
   * A full page load of `url` (HX-Redirect for htmx, 303 otherwise), for when the page in the browser is stale
   * as a whole: e.g. a new session, whose CSRF token the old page does not have.
   */
  reload(url: string): void {
    if (!isHtmx(this.req)) return this.navigate(url);
    if (this.flash) this.flashes.set(this.reply, this.flash);
    this.flash = undefined;
    this.sendEvents();
    void this.reply.status(200).header('hx-redirect', asciiUrl(url)).send('');
  }

  /** A form or dialog: inside #modal for htmx, else a page of its own. Templates get `modal` to tell which. */
  modal(template: string, page: string, context: ViewContext, status = 200): void {
    if (this.partial) return this.fragment(template, { ...context, modal: true }, status);
    this.page(page, { ...context, modal: false }, status);
  }

  /** A piece of a page (a row, a list, a widget), rendered with the shell context so its forms carry CSRF. */
  fragment(template: string, context: ViewContext, status = 200): void {
    this.sendEvents();
    this.sendHtml(status, this.pages.fragment(template, { ...this.req.shell, ...context }));
  }

  /** A whole page in the layout; a toast shows in the page's own #flash. */
  page(template: string, context: ViewContext, status = 200): void {
    const flash = this.flash ? { flash: this.flash } : {};
    this.flash = undefined;
    this.sendEvents();
    this.pages.sendPage(this.req, this.reply, template, { ...context, ...flash }, status);
  }

  /** The page for a plain request, or the fragment when htmx asked for one: one URL, two representations. */
  pageOrFragment(page: string, fragment: string, context: ViewContext, status = 200): void {
    if (this.partial) return this.fragment(fragment, context, status);
    this.page(page, context, status);
  }

  /** Swaps the answer into another element than the one htmx targeted (e.g. the row a modal edited). */
  retarget(selector: string, swap: Swap = 'outerHTML'): this {
    void this.reply.header('hx-retarget', selector).header('hx-reswap', swap);
    return this;
  }

  /**
   * Removes the targeted element (after retarget, or the request's own target) and sends the events and the toast.
   * "delete" removes the target whatever the body holds, so a toast partial in the body cannot cancel the removal.
   */
  remove(): void {
    void this.reply.header('hx-reswap', 'delete');
    this.sendEvents();
    this.sendHtml(200, '');
  }

  /** Updates the address bar without a navigation (a filtered list's own URL). */
  replaceUrl(url: string): this {
    if (isHtmx(this.req)) replaceUrl(this.reply, url);
    return this;
  }

  /** HTML for htmx: the body plus the pending toast as an <hx-partial>; a plain request never gets one here. */
  private sendHtml(status: number, body: string): void {
    const toast = this.flash && isHtmx(this.req) ? this.pages.fragment(TOAST_PARTIAL, { flash: this.flash }) : '';
    // A plain request renders fragments only for fragment-only URLs; keep its toast for the next page.
    if (this.flash && !isHtmx(this.req)) this.flashes.set(this.reply, this.flash);
    this.flash = undefined;
    this.pages.sendHtml(this.reply, body + toast, status);
  }

  private sendEvents(): void {
    if (Object.keys(this.events).length > 0) trigger(this.reply, this.events);
    this.events = {};
  }
}
