import { Body, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination/cursor.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { CreatePaymentDto, ListPaymentsQueryDto, PaymentPageDto, PaymentResponseDto, toPaymentPage, toPaymentResponse } from './dto/payment.dto.js';
import { PaymentsService } from './payments.service.js';

@ApiV1Controller('payments')
export class PaymentsApiController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @ApiOperation({ summary: 'List payments', description: 'Newest first; filter by client and paid-at range; cursor pagination.' })
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
    description: 'Optionally settles a purchase (`purchaseId`) or a pay-per-session booking (`bookingId`) of the same client; either is marked paid once covered.',
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
}
