import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { isPartial, redirect, trigger } from '../../common/htmx/htmx.js';
import { formatMoney } from '../../common/time/format.js';
import { emptyForm, formValues, type FormState } from '../../common/validation/form.js';
import { PageRenderer } from '../../common/views/page-renderer.js';
import { WebAuthService } from '../auth/web-auth.service.js';
import { ClientsService } from '../clients/clients.service.js';
import { navFor } from '../pages/app-sections.js';
import { PaymentMethod } from '../payments/payment.entity.js';
import { TrainersService } from '../trainers/trainers.service.js';
import { PACKAGE_FIELDS, packageFormValues, parsePackageForm, parseSellForm, PAYMENT_METHOD_LABELS, SELL_FIELDS, toFormErrors } from './package.form.js';
import { PackagesService } from './packages.service.js';
import { toLiabilityView, toPackageRow } from './packages.views.js';
import { PurchasesService } from './purchases.service.js';
import { isUuid } from '../../common/validation/validators.js';

const NEW_PACKAGE = { label: 'New package', href: '/packages/create-form', hxGet: '/packages/create-form' };

/**
 * /packages: the catalogue with sales and the unused-credit liability, the package modal (create and edit),
 * row actions, and selling a package to a client. With htmx, the list refreshes on "packagesChanged" and the
 * client page's credits section on "creditsChanged"; without it every form is a plain post (PRG).
 */
@WebController('packages')
export class PackagesWebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly packages: PackagesService,
    private readonly purchases: PurchasesService,
    private readonly clients: ClientsService,
    private readonly trainers: TrainersService,
    private readonly webAuth: WebAuthService,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.listContext(actor);
    this.pages.sendPage(req, reply, 'pages/packages/index', { title: 'Packages', nav: navFor('packages'), heading: 'Packages', primaryAction: NEW_PACKAGE, ...context });
  }

  /** The #packages-list fragment (with the liability figure) that "packagesChanged" refreshes. */
  @Get('list')
  async list(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.pages.sendFragment(reply, 'partials/packages/list', { ...req.shell, ...(await this.listContext(actor)) });
  }

  @Get('create-form')
  createForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    this.renderModal(req, reply, 'packages/form', this.formContext(null, emptyForm({ active: 'true' })));
  }

  @Post('create')
  async create(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, PACKAGE_FIELDS);
    const { currency } = await this.trainers.getProfile(actor);
    const parsed = parsePackageForm(values, currency);
    if (!parsed.ok) return this.renderModal(req, reply, 'packages/form', this.formContext(null, { values, errors: parsed.errors }), 422);
    try {
      const pkg = await this.packages.create(actor, parsed.value);
      this.done(req, reply, `${pkg.name} added to your packages.`, '/packages');
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      this.renderModal(req, reply, 'packages/form', this.formContext(null, { values, errors: toFormErrors(error.details.fields) }), 422);
    }
  }

  @Get('sell-form')
  async sellForm(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const text = (value: unknown) => (typeof value === 'string' && isUuid(value) ? value.toLowerCase() : '');
    const values = { clientId: text(query.clientId), packageId: text(query.packageId), price: '', paymentMethod: PaymentMethod.Card, paid: 'now', origin: text(query.clientId) ? 'client' : 'packages' };
    await this.renderSellForm(actor, req, reply, emptyForm(values));
  }

  @Post('sell')
  async sell(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, SELL_FIELDS);
    const { currency } = await this.trainers.getProfile(actor);
    const parsed = parseSellForm(values, currency);
    if (!parsed.ok) return this.renderSellForm(actor, req, reply, { values, errors: parsed.errors }, 422);
    try {
      const { purchase, payment } = await this.purchases.sell(actor, parsed.value.clientId, parsed.value.sale);
      const paidNote = payment ? `, ${formatMoney(payment.amountMinor, payment.currency)} received` : purchase.paid ? '' : ', to be paid later';
      const message = `Sold ${purchase.sessionPackage.name} to ${purchase.client.name}: ${purchase.creditsGranted} credits${paidNote}.`;
      const back = values.origin === 'client' ? `/clients/${purchase.client.id}` : '/packages';
      this.done(req, reply, message, back, { creditsChanged: true });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      const status = error.kind === 'not_found' ? 404 : 422;
      await this.renderSellForm(actor, req, reply, { values, errors: toFormErrors(error.details.fields) }, status);
    }
  }

  @Get(':id/edit-form')
  async editForm(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const pkg = await this.packages.get(actor, id);
    this.renderModal(req, reply, 'packages/form', this.formContext(pkg.id, emptyForm(packageFormValues(pkg))));
  }

  @Post(':id/edit')
  async edit(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const pkg = await this.packages.get(actor, id);
    const values = formValues(body, PACKAGE_FIELDS);
    const parsed = parsePackageForm(values, pkg.currency);
    if (!parsed.ok) return this.renderModal(req, reply, 'packages/form', this.formContext(pkg.id, { values, errors: parsed.errors }), 422);
    try {
      const saved = await this.packages.update(actor, pkg.id, parsed.value);
      this.done(req, reply, `Saved ${saved.name}.`, '/packages');
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      this.renderModal(req, reply, 'packages/form', this.formContext(pkg.id, { values, errors: toFormErrors(error.details.fields) }), 422);
    }
  }

  @Post(':id/deactivate')
  async deactivate(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const pkg = await this.packages.deactivate(actor, id);
    await this.rowChanged(actor, req, reply, pkg.id, `${pkg.name} deactivated. Clients keep their credits.`);
  }

  @Post(':id/activate')
  async activate(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const pkg = await this.packages.activate(actor, id);
    await this.rowChanged(actor, req, reply, pkg.id, `${pkg.name} can be sold again.`);
  }

  /** Deleting answers 409 package_sold for a package with purchases (the flash says to deactivate instead). */
  @Post(':id/delete')
  async delete(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { name } = await this.packages.delete(actor, id);
    const message = `${name} deleted.`;
    if (isPartial(req)) {
      trigger(reply, { packagesChanged: true, flash: { kind: 'success', message } });
      void reply.status(200).type('text/html; charset=utf-8').send('');
      return;
    }
    this.webAuth.flash(reply, { kind: 'success', message });
    redirect(req, reply, '/packages');
  }

  private async rowChanged(actor: Actor, req: FastifyRequest, reply: FastifyReply, id: string, message: string): Promise<void> {
    if (isPartial(req)) {
      trigger(reply, { flash: { kind: 'success', message } });
      const summary = await this.packages.getSummary(actor, id);
      return this.pages.sendFragment(reply, 'partials/packages/row', { ...toPackageRow(summary), csrfToken: req.shell?.csrfToken });
    }
    this.webAuth.flash(reply, { kind: 'success', message });
    redirect(req, reply, '/packages');
  }

  private done(req: FastifyRequest, reply: FastifyReply, message: string, location: string, events: Record<string, unknown> = {}): void {
    if (isPartial(req)) {
      trigger(reply, { packagesChanged: true, ...events, closeModal: true, flash: { kind: 'success', message } });
      void reply.status(204).send();
      return;
    }
    this.webAuth.flash(reply, { kind: 'success', message });
    redirect(req, reply, location);
  }

  private async listContext(actor: Actor) {
    const [rows, liability, profile] = await Promise.all([this.packages.list(actor), this.packages.liability(actor), this.trainers.getProfile(actor)]);
    return {
      rows: rows.map(toPackageRow),
      isEmpty: rows.length === 0,
      liability: toLiabilityView(liability, profile.currency),
    };
  }

  private formContext(id: string | null, form: FormState) {
    return {
      form,
      isEdit: id !== null,
      formTitle: id ? 'Edit package' : 'New package',
      action: id ? `/packages/${id}/edit` : '/packages/create',
      submitLabel: id ? 'Save changes' : 'Create package',
    };
  }

  private async renderSellForm(actor: Actor, req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200): Promise<void> {
    const [clients, packages] = await Promise.all([this.clients.listActiveForSelect(actor), this.packages.list(actor, { activeOnly: true })]);
    const fixedClient = form.values.origin === 'client' ? clients.find((c) => c.id === form.values.clientId) : undefined;
    this.renderModal(
      req,
      reply,
      'packages/sell-form',
      {
        form,
        fixedClient,
        clients: [{ value: '', label: 'Choose a client', selected: !form.values.clientId }].concat(
          clients.map((c) => ({ value: c.id, label: c.name, selected: c.id === form.values.clientId })),
        ),
        packages: [{ value: '', label: 'Choose a package', selected: !form.values.packageId }].concat(
          packages.map((p) => ({ value: p.id, label: `${p.name} · ${p.sessionCount} sessions · ${formatMoney(p.priceMinor, p.currency)}`, selected: p.id === form.values.packageId })),
        ),
        methods: Object.values(PaymentMethod).map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m], selected: m === form.values.paymentMethod })),
        paidLater: form.values.paid === 'later',
        hasPackages: packages.length > 0,
        cancelUrl: fixedClient ? `/clients/${fixedClient.id}` : '/packages',
      },
      status,
    );
  }

  /** Modal forms: a fragment for htmx, a page of their own without JavaScript. */
  private renderModal(req: FastifyRequest, reply: FastifyReply, partial: string, context: Record<string, unknown>, status = 200): void {
    if (isPartial(req)) return this.pages.sendFragment(reply, `partials/${partial}`, { ...req.shell, ...context }, status);
    this.pages.sendPage(req, reply, 'pages/packages/form-page', { title: 'Packages', nav: navFor('packages'), partial, ...context }, status);
  }
}
