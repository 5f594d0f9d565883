import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIsoDateTime, OptionalNotNull } from '../../../common/validation/dto-decorators.js';
import { CursorPageQueryDto } from '../../../common/pagination/cursor-page-query.dto.js';
import type { Page } from '../../../common/pagination/cursor.js';
import { PaymentKind, PaymentMethod } from '../payment.entity.js';
import { PAYMENT_LIMITS, type PaymentView } from '../payments.types.js';

const ISO_MESSAGE = 'must be a real ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00Z';

export class CreatePaymentDto {
  @ApiProperty({ format: 'uuid', description: 'The client who paid.', example: '3f0e2b1c-5d4a-4e7b-9c2d-1a2b3c4d5e6f' })
  @IsUUID('all', { message: 'clientId must be a client id (UUID)' })
  clientId: string;

  @ApiProperty({ minimum: 1, example: 25000, description: 'Minor units of your currency.' })
  @IsInt()
  @Min(1)
  @Max(PAYMENT_LIMITS.amountMaxMinor)
  amountMinor: number;

  @ApiProperty({ enum: PaymentMethod, example: PaymentMethod.Transfer })
  @IsEnum(PaymentMethod)
  method: PaymentMethod;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'A pay-per-session booking of this client this pays for; marked paid when covered. null or omitted for none.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'bookingId must be a booking id (UUID)' })
  bookingId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'A purchase of this client this pays for ("paid later"); marked paid when covered. null or omitted for none.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'purchaseId must be a purchase id (UUID)' })
  purchaseId?: string | null;

  @ApiPropertyOptional({
    description: 'When the money was received; defaults to now.',
    example: '2026-12-01T09:00:00Z',
  })
  @OptionalNotNull()
  @IsIsoDateTime({ message: `paidAt ${ISO_MESSAGE}` })
  paidAt?: string;

  @ApiPropertyOptional({
    maxLength: PAYMENT_LIMITS.note,
    example: 'Second half of the 10-pack.',
    nullable: true,
    type: String,
    description: 'null or omitted for none.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PAYMENT_LIMITS.note)
  note?: string | null;
}

export class CreateRefundDto {
  @ApiProperty({
    minimum: 1,
    example: 5000,
    description: 'Minor units given back; at most what is left of the payment (received minus refunded).',
  })
  @IsInt()
  @Min(1)
  @Max(PAYMENT_LIMITS.amountMaxMinor)
  amountMinor: number;

  @ApiPropertyOptional({
    enum: PaymentMethod,
    example: PaymentMethod.Card,
    description: 'How the money went back; defaults to the payment’s method.',
  })
  @OptionalNotNull()
  @IsEnum(PaymentMethod)
  method?: PaymentMethod;

  @ApiPropertyOptional({ description: 'When the money went back; defaults to now.', example: '2026-12-03T09:00:00Z' })
  @OptionalNotNull()
  @IsIsoDateTime({ message: `paidAt ${ISO_MESSAGE}` })
  paidAt?: string;

  @ApiPropertyOptional({
    maxLength: PAYMENT_LIMITS.note,
    example: 'Two sessions not used.',
    nullable: true,
    type: String,
    description: 'null or omitted for none.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PAYMENT_LIMITS.note)
  note?: string | null;
}

export class CreateCorrectionDto {
  @ApiProperty({
    minimum: 0,
    example: 20500,
    description:
      'What the payment should have been, in minor units (0 if it never happened). The correction row records the difference.',
  })
  @IsInt()
  @Min(0)
  @Max(PAYMENT_LIMITS.amountMaxMinor)
  amountMinor: number;

  @ApiProperty({
    minLength: 1,
    maxLength: PAYMENT_LIMITS.note,
    example: 'Typed 250 instead of 205.',
    description: 'Why the record was wrong; required.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(PAYMENT_LIMITS.note)
  note: string;
}

export class ListPaymentsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this client’s payments.' })
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @ApiPropertyOptional({ description: 'Paid at or after this instant.', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsIsoDateTime({ message: `from ${ISO_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ description: 'Paid before this instant.', example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsIsoDateTime({ message: `to ${ISO_MESSAGE}` })
  to?: string;
}

export class PaymentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    enum: PaymentKind,
    example: PaymentKind.Payment,
    description:
      'payment (money in), refund (money back, negative) or correction (a recording mistake put right, either sign).',
  })
  kind: PaymentKind;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'For a refund or correction: the payment it changes.',
  })
  originalPaymentId: string | null;

  @ApiProperty({ format: 'uuid' })
  clientId: string;

  @ApiProperty({ example: 'Sam Carter' })
  clientName: string;

  @ApiProperty({ example: 25000, description: 'Signed: refunds are negative, corrections either sign.' })
  amountMinor: number;

  @ApiProperty({ example: 'GBP' })
  currency: string;

  @ApiProperty({ enum: PaymentMethod, example: PaymentMethod.Card })
  method: PaymentMethod;

  @ApiProperty({ format: 'date-time' })
  paidAt: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  purchaseId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '10 sessions' })
  packageName: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  bookingId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  note: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 25000,
    description: 'For a payment: its amount after corrections; null for refunds and corrections.',
  })
  receivedMinor: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 0,
    description: 'For a payment: how much of it was refunded; null for refunds and corrections.',
  })
  refundedMinor: number | null;
}

export class PaymentPageDto {
  @ApiProperty({ type: [PaymentResponseDto] })
  items: PaymentResponseDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor: string | null;
}

export function toPaymentResponse(view: PaymentView): PaymentResponseDto {
  return { ...view, paidAt: view.paidAt.toISOString() };
}

export function toPaymentPage(page: Page<PaymentView>): PaymentPageDto {
  return { items: page.items.map(toPaymentResponse), nextCursor: page.nextCursor };
}
