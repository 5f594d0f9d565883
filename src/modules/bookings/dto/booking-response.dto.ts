import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '../../../common/pagination/cursor.js';
import { BookingStatus } from '../booking-status.js';
import type { BookingRead } from '../booking-read.types.js';
import { durationOf } from '../bookings.types.js';

export class BookingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  clientId: string;

  @ApiProperty({ example: 'Sam Carter' })
  clientName: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' })
  startTime: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' })
  endTime: string;

  @ApiProperty({ example: 60 })
  durationMinutes: number;

  @ApiProperty({ enum: BookingStatus, example: BookingStatus.Pending })
  status: BookingStatus;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 4500,
    description: 'Minor units; null when a package credit pays.',
  })
  priceMinor: number | null;

  @ApiProperty({ example: 'GBP' })
  currency: string;

  @ApiProperty({ example: false })
  paid: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The purchase whose credit pays for this session.',
  })
  clientPackageId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  notes: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  cancelledAt: string | null;

  @ApiPropertyOptional({ nullable: true, enum: ['trainer', 'client'] })
  cancelledBy: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  cancellationReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class BookingWithWarningsDto extends BookingResponseDto {
  @ApiProperty({ type: [String], description: 'Booked outside working hours or on a day off.', example: [] })
  warnings: string[];
}

export class CancelBookingResponseDto extends BookingResponseDto {
  @ApiProperty({
    enum: ['none', 'refunded', 'forfeited'],
    description: 'What the cancellation policy did to the package credit.',
    example: 'refunded',
  })
  creditOutcome: 'none' | 'refunded' | 'forfeited';

  @ApiProperty({ description: 'A make-up credit was granted (trainer cancelled inside the cut-off).', example: false })
  makeUpCredit: boolean;

  @ApiProperty({ example: 'The credit is refunded.' })
  creditMessage: string;
}

export class BookingPageDto {
  @ApiProperty({ type: [BookingResponseDto] })
  items: BookingResponseDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}

export function toBookingResponse(booking: BookingRead): BookingResponseDto {
  return {
    id: booking.id,
    clientId: booking.client.id,
    clientName: booking.client.name,
    startTime: booking.startTime.toISOString(),
    endTime: booking.endTime.toISOString(),
    durationMinutes: durationOf(booking),
    status: booking.status,
    priceMinor: booking.priceMinor ?? null,
    currency: booking.currency,
    paid: booking.paid,
    clientPackageId: booking.clientPackage?.id ?? null,
    notes: booking.notes ?? null,
    cancelledAt: booking.cancelledAt?.toISOString() ?? null,
    cancelledBy: booking.cancelledBy ?? null,
    cancellationReason: booking.cancellationReason ?? null,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
  };
}

export function toBookingWithWarnings(result: { booking: BookingRead; warnings: string[] }): BookingWithWarningsDto {
  return { ...toBookingResponse(result.booking), warnings: result.warnings };
}

export function toCancelResponse(result: {
  booking: BookingRead;
  credit: { outcome: 'none' | 'refunded' | 'forfeited'; makeUpCredit: boolean; message: string };
}): CancelBookingResponseDto {
  return {
    ...toBookingResponse(result.booking),
    creditOutcome: result.credit.outcome,
    makeUpCredit: result.credit.makeUpCredit,
    creditMessage: result.credit.message,
  };
}

export function toBookingPage(page: Page<BookingRead>): BookingPageDto {
  return { items: page.items.map(toBookingResponse), nextCursor: page.nextCursor };
}
