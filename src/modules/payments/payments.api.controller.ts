import { Body, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination/cursor.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import {
  CreateCorrectionDto,
  CreatePaymentDto,
  CreateRefundDto,
  ListPaymentsQueryDto,
  PaymentPageDto,
  PaymentResponseDto,
  toPaymentPage,
  toPaymentResponse,
} from './dto/payment.dto.js';
import { PaymentsService } from './payments.service.js';

@ApiV1Controller('payments')
export class PaymentsApiController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @ApiOperation({
    summary: 'List payments',
    description: 'Newest first; filter by client and paid-at range; cursor pagination.',
  })
  @ApiOkResponse({ type: PaymentPageDto })
  @ApiProblemResponses(400, 401, 422)
  async listPayments(@CurrentActor() actor: Actor, @Query() query: ListPaymentsQueryDto): Promise<PaymentPageDto> {
    return toPaymentPage(
      await this.payments.list(actor, {
        clientId: query.clientId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        cursor: query.cursor,
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Record a payment',
    description:
      'Optionally settles a purchase (`purchaseId`) or a pay-per-session booking (`bookingId`) of the same client; either is marked paid once covered.',
  })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @ApiProblemResponses(400, 401, 404, 422)
  async createPayment(@CurrentActor() actor: Actor, @Body() dto: CreatePaymentDto): Promise<PaymentResponseDto> {
    return toPaymentResponse(
      await this.payments.create(actor, {
        clientId: dto.clientId,
        amountMinor: dto.amountMinor,
        method: dto.method,
        bookingId: dto.bookingId,
        purchaseId: dto.purchaseId,
        paidAt: dto.paidAt ? new Date(dto.paidAt) : undefined,
        note: dto.note,
      }),
    );
  }

  @Post(':id/refunds')
  @Idempotent()
  @ApiOperation({
    summary: 'Refund a payment',
    description:
      'Records money given back as a row of its own (kind `refund`, negative amount), never an edit. At most what is left of the payment; the purchase or session it paid for stays paid.',
  })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @ApiProblemResponses(400, 401, 404, 422)
  async refundPayment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateRefundDto,
  ): Promise<PaymentResponseDto> {
    return toPaymentResponse(
      await this.payments.refund(actor, id, {
        amountMinor: dto.amountMinor,
        method: dto.method,
        paidAt: dto.paidAt ? new Date(dto.paidAt) : undefined,
        note: dto.note,
      }),
    );
  }

  @Post(':id/corrections')
  @Idempotent()
  @ApiOperation({
    summary: 'Correct a payment',
    description:
      'Puts a recording mistake right as a row of its own (kind `correction`, the difference), never an edit. `amountMinor` is what the payment should have been; the purchase or session is re-judged paid on the new sum.',
  })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @ApiProblemResponses(400, 401, 404, 422)
  async correctPayment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateCorrectionDto,
  ): Promise<PaymentResponseDto> {
    return toPaymentResponse(await this.payments.correct(actor, id, { amountMinor: dto.amountMinor, note: dto.note }));
  }
}
