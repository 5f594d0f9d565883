import { Body, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination/cursor.js';
import { dtoJsonSchema } from '../../common/serialization/dto-json-schema.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { NotificationLogService } from '../reminders/notification-log.service.js';
import { BookingStatus, CancelledBy } from './booking-status.js';
import { BookingsService } from './bookings.service.js';
import {
  CancelBookingDto,
  CreateBookingDto,
  ListBookingsQueryDto,
  RescheduleBookingDto,
  WaiveForfeitDto,
} from './dto/booking-request.dto.js';
import { BookingNotificationLogDto, toBookingNotificationLog } from './dto/booking-notifications.dto.js';
import {
  BookingPageDto,
  BookingResponseDto,
  BookingWithWarningsDto,
  CancelBookingResponseDto,
  toBookingPage,
  toCancelResponse,
  toBookingResponse,
  toBookingWithWarnings,
} from './dto/booking-response.dto.js';

@ApiV1Controller('bookings')
export class BookingsApiController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly notifications: NotificationLogService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List sessions',
    description: 'Filter by time range, status and client; stable (startTime, id) order with cursor pagination.',
  })
  @ApiOkResponse({ type: BookingPageDto })
  @ApiProblemResponses(400, 401, 422)
  // The 200 body goes through fast-json-stringify (compiled from the DTO), not JSON.stringify: same bytes, faster.
  @RouteSchema({ response: { 200: dtoJsonSchema(BookingPageDto) } })
  async listBookings(@CurrentActor() actor: Actor, @Query() query: ListBookingsQueryDto): Promise<BookingPageDto> {
    return toBookingPage(
      await this.bookings.list(actor, {
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        statuses: query.status ? (query.status.split(',') as BookingStatus[]) : undefined,
        clientId: query.clientId,
        order: query.order ?? 'asc',
        cursor: query.cursor,
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Book a session',
    description:
      'Creates a pending session. 409 with `conflictingBookingId` when it overlaps another pending or confirmed session.',
  })
  @ApiCreatedResponse({ type: BookingWithWarningsDto })
  @ApiProblemResponses(400, 401, 404, 409, 422)
  async createBooking(@CurrentActor() actor: Actor, @Body() dto: CreateBookingDto): Promise<BookingWithWarningsDto> {
    return toBookingWithWarnings(
      await this.bookings.create(actor, {
        clientId: dto.clientId,
        startTime: new Date(dto.startTime),
        durationMinutes: dto.durationMinutes,
        priceMinor: dto.priceMinor,
        notes: dto.notes,
        useCredit: dto.useCredit,
        clientPackageId: dto.clientPackageId,
        origin: 'api',
      }),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a session' })
  @ApiOkResponse({ type: BookingResponseDto })
  @ApiProblemResponses(401, 404)
  async getBooking(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<BookingResponseDto> {
    return toBookingResponse(await this.bookings.get(actor, id));
  }

  /** The session's notification log: what was planned, sent, failed or skipped, and why. */
  @Get(':id/notifications')
  @ApiOperation({
    summary: 'A session’s notification log',
    description:
      'Every confirmation, reschedule or cancellation notice and reminder of the session, soonest first: planned, ' +
      'sent, logged, failed or skipped, with attempts, the Message-ID and, when something went wrong or nothing ' +
      'was sent, the reason as a sentence. Another trainer’s session answers 404.',
  })
  @ApiParam({
    name: 'id',
    format: 'uuid',
    description: 'The session’s id. Another trainer’s id, or one that is not a UUID, answers 404.',
  })
  @ApiOkResponse({ type: BookingNotificationLogDto, description: 'The session’s notification log.' })
  @ApiProblemResponses(401, 404)
  // One statement however long the log is; the compiled serializer writes it (see listBookings).
  @RouteSchema({ response: { 200: dtoJsonSchema(BookingNotificationLogDto) } })
  async listBookingNotifications(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
  ): Promise<BookingNotificationLogDto> {
    return toBookingNotificationLog(await this.notifications.forBooking(actor, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Reschedule a session',
    description: 'New start and/or length. Only pending and confirmed sessions move.',
  })
  @ApiOkResponse({ type: BookingWithWarningsDto })
  @ApiProblemResponses(400, 401, 404, 409, 422)
  async rescheduleBooking(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: RescheduleBookingDto,
  ): Promise<BookingWithWarningsDto> {
    return toBookingWithWarnings(
      await this.bookings.reschedule(actor, id, {
        startTime: dto.startTime ? new Date(dto.startTime) : undefined,
        durationMinutes: dto.durationMinutes,
      }),
    );
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a pending session' })
  @ApiOkResponse({ type: BookingResponseDto })
  @ApiProblemResponses(401, 404, 409)
  async confirmBooking(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<BookingResponseDto> {
    return toBookingResponse(await this.bookings.confirm(actor, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a session',
    description:
      'Records who cancelled, when and why, frees the time slot, and answers how the package credit was treated.',
  })
  @ApiOkResponse({ type: CancelBookingResponseDto })
  @ApiProblemResponses(400, 401, 404, 409)
  async cancelBooking(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CancelBookingDto,
  ): Promise<CancelBookingResponseDto> {
    const by = dto.cancelledBy === 'client' ? CancelledBy.Client : CancelledBy.Trainer;
    return toCancelResponse(await this.bookings.cancel(actor, id, { reason: dto.reason, by, origin: 'api' }));
  }

  @Post(':id/waive-forfeit')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    summary: 'Waive a forfeited credit',
    description: 'Gives back the credit a late cancellation or no-show forfeited (an `adjust` ledger row).',
  })
  @ApiOkResponse({ type: BookingResponseDto })
  @ApiProblemResponses(400, 401, 404, 409)
  async waiveBookingForfeit(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: WaiveForfeitDto,
  ): Promise<BookingResponseDto> {
    return toBookingResponse(await this.bookings.waiveForfeit(actor, id, dto.reason));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a session completed' })
  @ApiOkResponse({ type: BookingResponseDto })
  @ApiProblemResponses(401, 404, 409)
  async completeBooking(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<BookingResponseDto> {
    return toBookingResponse(await this.bookings.complete(actor, id));
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a session as a no-show' })
  @ApiOkResponse({ type: BookingResponseDto })
  @ApiProblemResponses(401, 404, 409)
  async markBookingNoShow(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<BookingResponseDto> {
    return toBookingResponse(await this.bookings.markNoShow(actor, id));
  }
}
