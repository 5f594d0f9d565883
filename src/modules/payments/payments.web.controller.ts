import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import type { HtmxResponse } from '../../common/htmx/htmx-response.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { emptyForm, formValues, type FormAttempt, type FormState } from '../../common/validation/form.js';
import { formatMoney } from '../../common/time/format.js';
import { isUuid } from '../../common/validation/validators.js';
import { navFor } from '../pages/app-sections.js';
import {
  CORRECTION_FIELDS,
  parseCorrectionForm,
  parsePaymentForm,
  parseRefundForm,
  PAYMENT_FIELDS,
  REFUND_FIELDS,
  toPaymentFormErrors,
} from './payment.form.js';
import { PaymentsService } from './payments.service.js';
import type { PaymentChangeContext, PaymentFormContext, PaymentView } from './payments.types.js';
import {
  correctionFormDefaults,
  paymentFormDefaults,
  refundFormDefaults,
  toPaymentChangeView,
  toPaymentFormView,
} from './payments.views.js';

const FORM = 'partials/payments/form';
const CHANGE_FORM = 'partials/payments/change-form';
const FORM_PAGE = 'pages/payments/form-page';
/** Lists that show money listen for these: the client page's packages section and the packages catalogue. */
const EVENTS = ['paymentsChanged', 'creditsChanged', 'packagesChanged'] as const;

function single(value: unknown): string | undefined {
  return typeof value === 'string' && isUuid(value) ? value.toLowerCase() : undefined;
}

/** Only "this doesn't add up" errors go back to the form; a missing client or payment stays a 404. */
function formErrorsOf(error: unknown): Record<string, string[]> | null {
  return error instanceof DomainError && error.kind === 'invalid' && error.details.fields
    ? toPaymentFormErrors(error.details.fields)
    : null;
}

/**
 * /clients/:id/payments: record a payment (from the client page's "Owes" line or a package row), and refund or
 * correct one (from the payment history). Modal forms with htmx, pages of their own without it; each success
 * raises "paymentsChanged" and "creditsChanged" so the client page's money section re-reads itself.
 */
@WebController('clients')
export class PaymentsWebController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get(':id/payments/new')
  async newPayment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const context = await this.payments.paymentForm(actor, id);
    const values = paymentFormDefaults(
      context,
      { purchaseId: single(query.purchaseId), bookingId: single(query.bookingId) },
      actor.timeZone,
    );
    this.renderPaymentForm(this.htmx.for(req, reply), actor, context, emptyForm(values));
  }

  @Post(':id/payments')
  async record(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, PAYMENT_FIELDS);
    await this.submit(
      web,
      parsePaymentForm(values, id, actor.currency, actor.timeZone),
      (input) => this.payments.create(actor, input),
      (row) => `Recorded ${formatMoney(row.amountMinor, row.currency)} from ${row.clientName}.`,
      // The form again, with what was typed: its options (what is owed) are read afresh.
      async (errors) =>
        this.renderPaymentForm(web, actor, await this.payments.paymentForm(actor, id), { values, errors }, 422),
    );
  }

  @Get(':id/payments/:paymentId/refund-form')
  async refundForm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('paymentId') paymentId: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const context = await this.payments.changeForm(actor, id, paymentId);
    this.renderChangeForm(
      this.htmx.for(req, reply),
      actor,
      context,
      emptyForm(refundFormDefaults(context, actor.timeZone)),
      'refund',
    );
  }

  @Post(':id/payments/:paymentId/refunds')
  async refund(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('paymentId') paymentId: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, REFUND_FIELDS);
    await this.submit(
      web,
      parseRefundForm(values, actor.currency, actor.timeZone),
      (input) => this.payments.refund(actor, paymentId, input, id),
      (row) => `Refunded ${formatMoney(-row.amountMinor, row.currency)} to ${row.clientName}.`,
      async (errors) =>
        this.renderChangeForm(
          web,
          actor,
          await this.payments.changeForm(actor, id, paymentId),
          { values, errors },
          'refund',
          422,
        ),
    );
  }

  @Get(':id/payments/:paymentId/correction-form')
  async correctionForm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('paymentId') paymentId: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const context = await this.payments.changeForm(actor, id, paymentId);
    this.renderChangeForm(
      this.htmx.for(req, reply),
      actor,
      context,
      emptyForm(correctionFormDefaults(context)),
      'correction',
    );
  }

  @Post(':id/payments/:paymentId/corrections')
  async correct(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('paymentId') paymentId: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, CORRECTION_FIELDS);
    await this.submit(
      web,
      parseCorrectionForm(values, actor.currency),
      (input) => this.payments.correct(actor, paymentId, input, id),
      (row) => `Corrected the payment from ${row.clientName}.`,
      async (errors) =>
        this.renderChangeForm(
          web,
          actor,
          await this.payments.changeForm(actor, id, paymentId),
          { values, errors },
          'correction',
          422,
        ),
    );
  }

  /**
   * The one service call of a form post, then "done" with the events and a toast; a form that does not parse,
   * or that the service finds wrong, is shown again (422).
   */
  private async submit<T>(
    web: HtmxResponse,
    parsed: FormAttempt<T>,
    save: (input: T) => Promise<PaymentView>,
    message: (row: PaymentView) => string,
    rerender: (errors: Record<string, string[]>) => Promise<void>,
  ): Promise<void> {
    if (!parsed.ok) return rerender(parsed.errors);
    let row: PaymentView;
    try {
      row = await save(parsed.value);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return rerender(errors);
    }
    for (const event of EVENTS) web.trigger(event);
    web.toast(message(row)).done(`/clients/${row.clientId}`);
  }

  private renderPaymentForm(
    web: HtmxResponse,
    actor: Actor,
    context: PaymentFormContext,
    form: FormState,
    status = 200,
  ): void {
    const view = toPaymentFormView(context, form, actor.timeZone);
    web.modal(
      FORM,
      FORM_PAGE,
      { title: view.formTitle, nav: navFor('clients'), partial: 'payments/form', ...view },
      status,
    );
  }

  private renderChangeForm(
    web: HtmxResponse,
    actor: Actor,
    context: PaymentChangeContext,
    form: FormState,
    kind: 'refund' | 'correction',
    status = 200,
  ): void {
    const view = toPaymentChangeView(context, form, kind, actor.timeZone);
    web.modal(
      CHANGE_FORM,
      FORM_PAGE,
      { title: view.formTitle, nav: navFor('clients'), partial: 'payments/change-form', ...view },
      status,
    );
  }
}
