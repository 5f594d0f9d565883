import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { isHtmx, isPartial, redirect, replaceUrl, trigger } from '../../common/htmx/htmx.js';
import { emptyForm, fieldErrorsOf, type FormState } from '../../common/validation/form.js';
import { PageRenderer } from '../../common/views/page-renderer.js';
import { WebAuthService } from '../auth/web-auth.service.js';
import { navFor } from '../pages/app-sections.js';
import { ClientStatus } from './client.entity.js';
import { ClientError, ClientErrorCode } from './client.errors.js';
import { clientFormValues, parseActionContext, parseClientForm, parseListQuery, type ClientListQuery, type ClientOrigin } from './client.form.js';
import { ClientsService } from './clients.service.js';
import type { ClientStatusFilter } from './clients.types.js';
import { clientUrl, listUrl, toClientDetailView, toClientListView, toClientRow, toDeleteConfirmView } from './clients.views.js';

const NEW_CLIENT = { label: 'New client', href: '/clients/create-form', hxGet: '/clients/create-form' };

interface FormPage {
  form: FormState;
  formTitle: string;
  action: string;
  submitLabel: string;
  origin: ClientOrigin;
  view: ClientStatusFilter;
  cancelUrl: string;
  backLabel: string;
}

/** After a success: where a plain post (or a page-level htmx post) lands, and the toast it shows there. */
interface Outcome {
  message: string;
  location: string;
}

/**
 * /clients: the list with live search, the modal forms, the client page, and every action as a plain form post
 * too (Post/Redirect/Get). With htmx, lists refresh on "clientsChanged" and row actions swap #client-<id>.
 */
@WebController('clients')
export class ClientsWebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly clients: ClientsService,
    private readonly webAuth: WebAuthService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const list = await this.listView(actor, parseListQuery(query));
    if (isPartial(req)) return this.pages.sendFragment(reply, 'partials/clients/list', { ...req.shell, list });
    this.pages.sendPage(req, reply, 'pages/clients/index', { title: 'Clients', nav: navFor('clients'), heading: 'Clients', primaryAction: NEW_CLIENT, list });
  }

  /** The list fragment the seed names; htmx also gets the matching page URL for the address bar. */
  @Get('partial')
  async partial(@CurrentActor() actor: Actor, @Query() query: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const list = await this.listView(actor, parseListQuery(query));
    if (isHtmx(req)) replaceUrl(reply, list.pageUrl);
    this.pages.sendFragment(reply, 'partials/clients/list', { ...req.shell, list });
  }

  @Get('create-form')
  createForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    this.renderForm(req, reply, this.createFormPage(emptyForm()));
  }

  @Post('create')
  async create(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = parseClientForm(body);
    if (Object.keys(form.errors).length > 0) return this.renderForm(req, reply, this.createFormPage(form), 422);
    let name: string;
    try {
      name = (await this.clients.create(actor, form.input)).name;
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.renderForm(req, reply, this.createFormPage({ values: form.values, errors }), 422);
    }
    const message = `${name} added.`;
    if (!isPartial(req)) return this.done(req, reply, { message, location: '/clients' });
    trigger(reply, { clientsChanged: true, closeModal: true, flash: { kind: 'success', message } });
    void reply.status(204).send();
  }

  @Get(':id')
  async detail(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const detail = toClientDetailView(await this.clients.getDetail(actor, id), actor.timeZone);
    const book = `/bookings/create-form?clientId=${detail.client.id}`;
    this.pages.sendPage(req, reply, 'pages/clients/show', {
      title: detail.client.name,
      heading: detail.client.name,
      nav: navFor('clients'),
      primaryAction: detail.client.archived ? undefined : { label: 'Book a session', href: book, hxGet: book },
      detail,
    });
  }

  @Get(':id/edit-form')
  async editForm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const client = await this.clients.get(actor, id);
    const { origin, view } = parseActionContext(query);
    this.renderForm(req, reply, this.editFormPage(client.id, client.name, emptyForm(clientFormValues(client)), origin, view));
  }

  @Post(':id/edit')
  async edit(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Looked up first: another trainer's id answers 404 whatever the body holds.
    const client = await this.clients.get(actor, id);
    const { origin, view } = parseActionContext(body);
    const form = parseClientForm(body);
    const page = (state: FormState) => this.editFormPage(client.id, client.name, state, origin, view);
    if (Object.keys(form.errors).length > 0) return this.renderForm(req, reply, page(form), 422);
    try {
      await this.clients.update(actor, client.id, form.input);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.renderForm(req, reply, page({ values: form.values, errors }), 422);
    }
    const message = `Saved changes to ${client.name}.`;
    await this.afterRowChange(actor, req, reply, client.id, origin, view, { message, location: origin === 'detail' ? clientUrl(client.id) : listUrl('/clients', { status: view }) });
  }

  @Post(':id/archive')
  async archive(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const client = await this.clients.archive(actor, id);
    const { origin, view } = parseActionContext(body);
    const location = origin === 'detail' ? clientUrl(client.id) : listUrl('/clients', { status: view });
    await this.afterRowChange(actor, req, reply, client.id, origin, view, { message: `${client.name} archived.`, location });
  }

  @Post(':id/unarchive')
  async unarchive(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const client = await this.clients.unarchive(actor, id);
    const { origin, view } = parseActionContext(body);
    const location = origin === 'detail' ? clientUrl(client.id) : listUrl('/clients', { status: view });
    await this.afterRowChange(actor, req, reply, client.id, origin, view, { message: `${client.name} is active again.`, location });
  }

  @Get(':id/delete-confirm')
  async deleteConfirm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { origin, view } = parseActionContext(query);
    await this.renderDeleteConfirm(actor, req, reply, id, origin, view);
  }

  @Post(':id/delete')
  async delete(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { origin, view } = parseActionContext(body);
    let removed: { id: string; name: string };
    try {
      removed = await this.clients.delete(actor, id);
    } catch (error) {
      // History appeared since the confirmation was shown: show it again, now offering Archive.
      if (!(error instanceof ClientError) || error.code !== ClientErrorCode.HasHistory) throw error;
      return this.renderDeleteConfirm(actor, req, reply, id, origin, view, 409);
    }
    const message = `${removed.name} deleted.`;
    if (!isPartial(req) || origin === 'detail') return this.done(req, reply, { message, location: listUrl('/clients', { status: view }) });
    // The request came from the modal; the row it removes is elsewhere on the page.
    trigger(reply, { closeModal: { target: 'body' }, clientsChanged: { target: 'body' }, flash: { kind: 'success', message, target: 'body' } });
    void reply.status(200).header('hx-retarget', `#client-${removed.id}`).header('hx-reswap', 'delete').type('text/html; charset=utf-8').send('');
  }

  private async listView(actor: Actor, query: ClientListQuery) {
    const page = await this.clients.listPage(actor, { q: query.q, status: query.status }, query.page);
    return toClientListView(page, query, actor.timeZone);
  }

  /**
   * A row changed. From the list with htmx: swap the row in place (or remove it when it no longer fits the list's
   * filter) and close the modal if the change came from one. Otherwise go where the change makes sense.
   */
  private async afterRowChange(
    actor: Actor,
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    origin: ClientOrigin,
    view: ClientStatusFilter,
    outcome: Outcome,
  ): Promise<void> {
    if (!isPartial(req) || origin === 'detail') return this.done(req, reply, outcome);
    const summary = await this.clients.getSummary(actor, id);
    // Events go to <body>: the element that sent the request may be the row this answer replaces.
    trigger(reply, { closeModal: { target: 'body' }, flash: { kind: 'success', message: outcome.message, target: 'body' } });
    void reply.header('hx-retarget', `#client-${summary.id}`);
    const fits = view === 'all' || (view === 'archived') === (summary.status === ClientStatus.Archived);
    if (!fits) {
      trigger(reply, { clientsChanged: { target: 'body' } });
      void reply.status(200).header('hx-reswap', 'delete').type('text/html; charset=utf-8').send('');
      return;
    }
    void reply.header('hx-reswap', 'outerHTML');
    this.pages.sendFragment(reply, 'partials/clients/row', { ...req.shell, ...toClientRow(summary, actor.timeZone, view) });
  }

  /** Post/Redirect/Get with a flash: a 303 for a plain post, HX-Location for htmx (never a 3xx). */
  private done(req: FastifyRequest, reply: FastifyReply, outcome: Outcome): void {
    this.webAuth.flash(reply, { kind: 'success', message: outcome.message });
    redirect(req, reply, outcome.location);
  }

  private async renderDeleteConfirm(
    actor: Actor,
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    origin: ClientOrigin,
    view: ClientStatusFilter,
    status = 200,
  ): Promise<void> {
    const { client, history } = await this.clients.getHistory(actor, id);
    const confirm = toDeleteConfirmView(client, history, origin, view);
    if (isPartial(req)) return this.pages.sendFragment(reply, 'partials/clients/delete-confirm', { ...req.shell, confirm, modal: true }, status);
    const title = confirm.hasHistory ? `Archive ${client.name} instead?` : `Delete ${client.name}?`;
    this.pages.sendPage(req, reply, 'pages/clients/delete-confirm', { title, heading: title, nav: navFor('clients'), confirm, modal: false }, status);
  }

  private createFormPage(form: FormState): FormPage {
    return {
      form,
      formTitle: 'New client',
      action: '/clients/create',
      submitLabel: 'Add client',
      origin: 'list',
      view: 'active',
      cancelUrl: '/clients',
      backLabel: 'All clients',
    };
  }

  private editFormPage(id: string, name: string, form: FormState, origin: ClientOrigin, view: ClientStatusFilter): FormPage {
    return {
      form,
      formTitle: `Edit ${name}`,
      action: clientUrl(id, 'edit'),
      submitLabel: 'Save changes',
      origin,
      view,
      cancelUrl: origin === 'detail' ? clientUrl(id) : listUrl('/clients', { status: view }),
      backLabel: origin === 'detail' ? name : 'All clients',
    };
  }

  /** The form in the modal for htmx, or as a page of its own; the first invalid field gets the focus. */
  private renderForm(req: FastifyRequest, reply: FastifyReply, page: FormPage, status = 200): void {
    const focusField = ['name', 'email', 'phone', 'notes'].find((field) => page.form.errors[field]?.length);
    const context = { ...page, focusField };
    if (isPartial(req)) return this.pages.sendFragment(reply, 'partials/clients/form', { ...req.shell, ...context, modal: true }, status);
    this.pages.sendPage(req, reply, 'pages/clients/form', { title: page.formTitle, heading: page.formTitle, nav: navFor('clients'), ...context, modal: false }, status);
  }
}
