import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import type { HtmxResponse } from '../../common/htmx/htmx-response.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { attemptForm, emptyForm, formValues, type FormState } from '../../common/validation/form.js';
import { navFor } from '../pages/app-sections.js';
import { ClientStatus } from './client.entity.js';
import { ClientError, ClientErrorCode } from './client.errors.js';
import {
  clientFormValues,
  parseActionContext,
  parseClientForm,
  parseListQuery,
  type ClientListQuery,
  type ClientOrigin,
} from './client.form.js';
import { ClientsService } from './clients.service.js';
import type { ClientStatusFilter, ClientSummary } from './clients.types.js';
import {
  clientUrl,
  emailStatusOf,
  listUrl,
  toClientDetailView,
  toClientListView,
  toClientRow,
  toDeleteConfirmView,
} from './clients.views.js';

const NEW_CLIENT = { label: 'New client', href: '/clients/create-form', hxGet: '/clients/create-form' };
const nav = () => navFor('clients');

interface FormPage {
  form: FormState;
  formTitle: string;
  action: string;
  submitLabel: string;
  origin: ClientOrigin;
  view: ClientStatusFilter;
  cancelUrl: string;
  backLabel: string;
  /** Edit only: why the client gets no emails, with the form that turns them back on after an unsubscribe. */
  emailStatus?: ReturnType<typeof emailStatusOf>;
}

function backTo(id: string, origin: ClientOrigin, view: ClientStatusFilter): string {
  return origin === 'detail' ? clientUrl(id) : listUrl('/clients', { status: view });
}

/** The edit form's own URL, keeping where it was opened from. */
function editFormUrl(id: string, origin: ClientOrigin, view: ClientStatusFilter): string {
  const params = new URLSearchParams();
  if (origin === 'detail') params.set('origin', origin);
  if (view !== 'active') params.set('view', view);
  const query = params.toString();
  return `${clientUrl(id, 'edit-form')}${query ? `?${query}` : ''}`;
}

/**
 * /clients: the list with live search and sortable columns, the modal forms, the client page, and every action
 * as a plain form post too (Post/Redirect/Get). With htmx, lists refresh on "clientsChanged" and row actions
 * swap #client-<id> (rows are their forms' inherited target).
 */
@WebController('clients')
export class ClientsWebController {
  constructor(
    private readonly clients: ClientsService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const list = await this.listView(actor, parseListQuery(query));
    this.htmx.for(req, reply).pageOrFragment('pages/clients/index', 'partials/clients/list', {
      title: 'Clients',
      nav: nav(),
      heading: 'Clients',
      primaryAction: NEW_CLIENT,
      list,
    });
  }

  /** The list fragment the seed names; htmx also gets the matching page URL for the address bar. */
  @Get('partial')
  async partial(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const list = await this.listView(actor, parseListQuery(query));
    this.htmx.for(req, reply).replaceUrl(list.pageUrl).fragment('partials/clients/list', { list });
  }

  @Get('create-form')
  createForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    this.renderForm(this.htmx.for(req, reply), this.createFormPage(emptyForm()));
  }

  @Post('create')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const form = parseClientForm(body);
    if (Object.keys(form.errors).length > 0) return this.renderForm(web, this.createFormPage(form), 422);
    const created = await attemptForm(this.clients.create(actor, form.input));
    if (!created.ok)
      return this.renderForm(web, this.createFormPage({ values: form.values, errors: created.errors }), 422);
    web.trigger('clientsChanged').toast(`${created.value.name} added.`).done('/clients');
  }

  @Get(':id')
  async detail(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const detail = toClientDetailView(await this.clients.getDetail(actor, id), actor.timeZone);
    const book = `/bookings/create-form?clientId=${detail.client.id}`;
    this.htmx.for(req, reply).page('pages/clients/show', {
      title: detail.client.name,
      heading: detail.client.name,
      nav: nav(),
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
    this.renderForm(this.htmx.for(req, reply), {
      ...this.editFormPage(client.id, client.name, emptyForm(clientFormValues(client)), origin, view),
      emailStatus: emailStatusOf(client, actor.timeZone, 'form'),
    });
  }

  @Post(':id/edit')
  async edit(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const { origin, view } = parseActionContext(body);
    const form = parseClientForm(body);
    // Another trainer's id answers 404 from the service whatever the body holds; the form needs the saved name.
    const invalid = async (errors: Record<string, string[]>) => {
      const client = await this.clients.get(actor, id);
      this.renderForm(
        web,
        {
          ...this.editFormPage(client.id, client.name, { values: form.values, errors }, origin, view),
          emailStatus: emailStatusOf(client, actor.timeZone, 'form'),
        },
        422,
      );
    };
    if (Object.keys(form.errors).length > 0) return invalid(form.errors);
    const saved = await attemptForm(this.clients.updateSummary(actor, id, form.input));
    if (!saved.ok) return invalid(saved.errors);
    this.rowChanged(web, actor, saved.value, origin, view, `Saved changes to ${saved.value.name}.`);
  }

  /**
   * Turns emails back on for a client who unsubscribed, from the client page or the edit form. htmx removes the
   * notice it came from; from the edit dialog it also raises clientEmailsChanged, so the notice on the client page
   * behind re-reads itself. A plain post goes back where it came from.
   */
  @Post(':id/email-opt-in')
  async emailOptIn(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const client = await this.clients.resumeEmails(actor, id);
    const fromForm = formValues(body, ['from']).from === 'form';
    const { origin, view } = parseActionContext(body);
    const web = this.htmx.for(req, reply).toast(`Emails are back on for ${client.name}.`);
    if (!web.partial) return web.navigate(fromForm ? editFormUrl(client.id, origin, view) : clientUrl(client.id));
    if (fromForm) web.trigger('clientEmailsChanged');
    web.remove();
  }

  @Post(':id/archive')
  async archive(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const summary = await this.clients.setArchived(actor, id, true);
    const { origin, view } = parseActionContext(body);
    this.rowChanged(this.htmx.for(req, reply), actor, summary, origin, view, `${summary.name} archived.`);
  }

  @Post(':id/unarchive')
  async unarchive(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const summary = await this.clients.setArchived(actor, id, false);
    const { origin, view } = parseActionContext(body);
    this.rowChanged(this.htmx.for(req, reply), actor, summary, origin, view, `${summary.name} is active again.`);
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
    await this.renderDeleteConfirm(actor, this.htmx.for(req, reply), id, origin, view);
  }

  @Post(':id/delete')
  async delete(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const { origin, view } = parseActionContext(body);
    let removed: { id: string; name: string };
    try {
      removed = await this.clients.delete(actor, id);
    } catch (error) {
      // History appeared since the confirmation was shown: show it again, now offering Archive.
      if (!(error instanceof ClientError) || error.code !== ClientErrorCode.HasHistory) throw error;
      return this.renderDeleteConfirm(actor, web, id, origin, view, 409);
    }
    web.trigger('clientsChanged').toast(`${removed.name} deleted.`);
    if (!web.partial || origin === 'detail') return web.navigate(listUrl('/clients', { status: view }));
    // The request came from the modal; the row it removes is elsewhere on the page.
    web.trigger('closeModal').retarget(`#client-${removed.id}`, 'delete').remove();
  }

  private async listView(actor: Actor, query: ClientListQuery) {
    const page = await this.clients.listPage(
      actor,
      { q: query.q, status: query.status },
      query.page,
      undefined,
      query.sort,
    );
    return toClientListView(page, query, actor.timeZone);
  }

  /**
   * A row changed. From the list with htmx: swap the row in place (or remove it when it no longer fits the list's
   * filter) and close the modal if the change came from one. Otherwise go where the change makes sense.
   */
  private rowChanged(
    web: HtmxResponse,
    actor: Actor,
    summary: ClientSummary,
    origin: ClientOrigin,
    view: ClientStatusFilter,
    message: string,
  ): void {
    web.toast(message);
    if (!web.partial || origin === 'detail') return web.navigate(backTo(summary.id, origin, view));
    web.trigger('closeModal');
    const fits = view === 'all' || (view === 'archived') === (summary.status === ClientStatus.Archived);
    if (!fits) return web.trigger('clientsChanged').retarget(`#client-${summary.id}`, 'delete').remove();
    web
      .retarget(`#client-${summary.id}`)
      .fragment('partials/clients/row', { ...toClientRow(summary, actor.timeZone, view) });
  }

  private async renderDeleteConfirm(
    actor: Actor,
    web: HtmxResponse,
    id: string,
    origin: ClientOrigin,
    view: ClientStatusFilter,
    status = 200,
  ): Promise<void> {
    const { client, history } = await this.clients.getHistory(actor, id);
    const confirm = toDeleteConfirmView(client, history, origin, view);
    const title = confirm.hasHistory ? `Archive ${client.name} instead?` : `Delete ${client.name}?`;
    web.modal(
      'partials/clients/delete-confirm',
      'pages/clients/delete-confirm',
      { title, heading: title, nav: nav(), confirm },
      status,
    );
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

  private editFormPage(
    id: string,
    name: string,
    form: FormState,
    origin: ClientOrigin,
    view: ClientStatusFilter,
  ): FormPage {
    return {
      form,
      formTitle: `Edit ${name}`,
      action: clientUrl(id, 'edit'),
      submitLabel: 'Save changes',
      origin,
      view,
      cancelUrl: backTo(id, origin, view),
      backLabel: origin === 'detail' ? name : 'All clients',
    };
  }

  /** The form in the modal for htmx, or as a page of its own; the first invalid field gets the focus. */
  private renderForm(web: HtmxResponse, page: FormPage, status = 200): void {
    const focusField = ['name', 'email', 'phone', 'notes'].find((field) => page.form.errors[field]?.length);
    web.modal(
      'partials/clients/form',
      'pages/clients/form',
      { title: page.formTitle, heading: page.formTitle, nav: nav(), ...page, focusField },
      status,
    );
  }
}
