import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import type { HtmxResponse } from '../../common/htmx/htmx-response.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { formatMoney } from '../../common/time/format.js';
import { attemptForm, emptyForm, formValues, type FormState } from '../../common/validation/form.js';
import { isUuid } from '../../common/validation/validators.js';
import { navFor } from '../pages/app-sections.js';
import { PaymentMethod } from '../payments/payment.entity.js';
import { paymentsUrl } from '../payments/payments.views.js';
import {
  PACKAGE_FIELDS,
  packageFormValues,
  parsePackageForm,
  parseSellForm,
  SELL_FIELDS,
  toFormErrors,
} from './package.form.js';
import { PackagesService } from './packages.service.js';
import { toCatalogueView, toPackageRow, toSellFormView } from './packages.views.js';
import { PurchasesService } from './purchases.service.js';

const NEW_PACKAGE = { label: 'New package', href: '/packages/create-form', hxGet: '/packages/create-form' };
const FORM_PAGE = 'pages/packages/form-page';
const nav = () => navFor('packages');

/**
 * /packages: the catalogue with sales and the unused-credit liability, the package modal (create and edit),
 * row actions, and selling a package to a client. With htmx, the list refreshes on "packagesChanged" and the
 * client page's credits section on "creditsChanged"; without it every form is a plain post (PRG).
 */
@WebController('packages')
export class PackagesWebController {
  constructor(
    private readonly packages: PackagesService,
    private readonly purchases: PurchasesService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = toCatalogueView(await this.packages.catalogue(actor));
    this.htmx.for(req, reply).page('pages/packages/index', {
      title: 'Packages',
      nav: nav(),
      heading: 'Packages',
      primaryAction: NEW_PACKAGE,
      ...view,
    });
  }

  /** The #packages-list fragment (with the liability figure) that "packagesChanged" refreshes. */
  @Get('list')
  async list(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.htmx.for(req, reply).fragment('partials/packages/list', toCatalogueView(await this.packages.catalogue(actor)));
  }

  @Get('create-form')
  createForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    this.packageForm(this.htmx.for(req, reply), null, emptyForm({ active: 'true' }));
  }

  @Post('create')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, PACKAGE_FIELDS);
    const parsed = parsePackageForm(values, actor.currency);
    if (!parsed.ok) return this.packageForm(web, null, { values, errors: parsed.errors }, 422);
    const saved = await attemptForm(this.packages.create(actor, parsed.value));
    if (!saved.ok) return this.packageForm(web, null, { values, errors: toFormErrors(saved.errors) }, 422);
    web.trigger('packagesChanged').toast(`${saved.value.name} added to your packages.`).done('/packages');
  }

  @Get('sell-form')
  async sellForm(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const text = (value: unknown) => (typeof value === 'string' && isUuid(value) ? value.toLowerCase() : '');
    const values = {
      clientId: text(query.clientId),
      packageId: text(query.packageId),
      price: '',
      paymentMethod: PaymentMethod.Card,
      paid: 'now',
      origin: text(query.clientId) ? 'client' : 'packages',
    };
    await this.renderSellForm(actor, this.htmx.for(req, reply), emptyForm(values));
  }

  /**
   * Sold and paid: done. Sold "pays later" from a modal: the modal says so and offers to record a payment
   * straight away (without JavaScript the client page offers the same from the package's row).
   */
  @Post('sell')
  async sell(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, SELL_FIELDS);
    const parsed = parseSellForm(values, actor.currency);
    if (!parsed.ok) return this.renderSellForm(actor, web, { values, errors: parsed.errors }, 422);
    let sale;
    try {
      sale = await this.purchases.sell(actor, parsed.value.clientId, parsed.value.sale);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      return this.renderSellForm(
        actor,
        web,
        { values, errors: toFormErrors(error.details.fields) },
        error.kind === 'not_found' ? 404 : 422,
      );
    }
    const { purchase, payment } = sale;
    const paidNote = payment
      ? `, ${formatMoney(payment.amountMinor, payment.currency)} received`
      : purchase.paid
        ? ''
        : ', to be paid later';
    const message = `Sold ${purchase.sessionPackage.name} to ${purchase.client.name}: ${purchase.creditsGranted} credits${paidNote}.`;
    web.trigger('packagesChanged').trigger('creditsChanged');
    if (!purchase.paid && web.partial) {
      const recordUrl = `${paymentsUrl(purchase.client.id, '/new')}?purchaseId=${purchase.id}`;
      return web.fragment('partials/packages/sold', {
        message,
        clientName: purchase.client.name,
        due: formatMoney(purchase.pricePaidMinor, purchase.currency),
        recordUrl,
      });
    }
    web.toast(message).done(values.origin === 'client' ? `/clients/${purchase.client.id}` : '/packages');
  }

  @Get(':id/edit-form')
  async editForm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const pkg = await this.packages.get(actor, id);
    this.packageForm(this.htmx.for(req, reply), pkg.id, emptyForm(packageFormValues(pkg)));
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
    const values = formValues(body, PACKAGE_FIELDS);
    const parsed = parsePackageForm(values, actor.currency);
    if (!parsed.ok) {
      await this.packages.get(actor, id); // another trainer's id answers 404 before any form is shown
      return this.packageForm(web, id, { values, errors: parsed.errors }, 422);
    }
    // Another trainer's id answers 404 from the service, whatever the form holds.
    const saved = await attemptForm(this.packages.update(actor, id, parsed.value));
    if (!saved.ok) return this.packageForm(web, id, { values, errors: toFormErrors(saved.errors) }, 422);
    web.trigger('packagesChanged').toast(`Saved ${saved.value.name}.`).done('/packages');
  }

  @Post(':id/deactivate')
  async deactivate(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const summary = await this.packages.setActive(actor, id, false);
    this.rowChanged(this.htmx.for(req, reply), summary, `${summary.name} deactivated. Clients keep their credits.`);
  }

  @Post(':id/activate')
  async activate(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const summary = await this.packages.setActive(actor, id, true);
    this.rowChanged(this.htmx.for(req, reply), summary, `${summary.name} can be sold again.`);
  }

  /** Deleting answers 409 package_sold for a package with purchases (the flash says to deactivate instead). */
  @Post(':id/delete')
  async delete(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { id: removed, name } = await this.packages.delete(actor, id);
    const web = this.htmx.for(req, reply).trigger('packagesChanged').toast(`${name} deleted.`);
    if (!web.partial) return web.done('/packages');
    web.retarget(`#package-${removed}`, 'delete').remove();
  }

  /** The row swaps itself (its forms target the row, inherited); without htmx, back to the list. */
  private rowChanged(web: HtmxResponse, summary: Parameters<typeof toPackageRow>[0], message: string): void {
    web.toast(message);
    if (!web.partial) return web.done('/packages');
    web.fragment('partials/packages/row', toPackageRow(summary));
  }

  private packageForm(web: HtmxResponse, id: string | null, form: FormState, status = 200): void {
    const context = {
      form,
      isEdit: id !== null,
      formTitle: id ? 'Edit package' : 'New package',
      action: id ? `/packages/${id}/edit` : '/packages/create',
      submitLabel: id ? 'Save changes' : 'Create package',
    };
    web.modal(
      'partials/packages/form',
      FORM_PAGE,
      { title: context.formTitle, nav: nav(), partial: 'packages/form', ...context },
      status,
    );
  }

  private async renderSellForm(actor: Actor, web: HtmxResponse, form: FormState, status = 200): Promise<void> {
    const view = toSellFormView(await this.purchases.sellForm(actor), form);
    web.modal(
      'partials/packages/sell-form',
      FORM_PAGE,
      { title: 'Sell a package', nav: nav(), partial: 'packages/sell-form', ...view },
      status,
    );
  }
}
