import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DURATION_LIMITS, NOTES_MAX, PRICE_MAX_MINOR, REASON_MAX } from '../bookings.types.js';
import { CursorPageQueryDto } from '../../../common/pagination/cursor-page-query.dto.js';
import { IsIsoDateTime, OptionalNotNull } from '../../../common/validation/dto-decorators.js';

// Date-times need an explicit offset (a bare local time would be ambiguous across time zones) and must be real.
const ISO_MESSAGE = 'must be a real ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+00:00';

export class CreateBookingDto {
  @ApiProperty({
    format: 'uuid',
    description: 'One of your active clients.',
    example: '3f0e2b1c-5d4a-4e7b-9c2d-1a2b3c4d5e6f',
  })
  @IsUUID('all', { message: 'clientId must be a client id (UUID)' })
  clientId: string;

  @ApiProperty({ description: 'Start, ISO 8601 with offset.', example: '2026-12-01T09:00:00+00:00' })
  @IsString()
  @IsIsoDateTime({ message: `startTime ${ISO_MESSAGE}` })
  startTime: string;

  @ApiProperty({ minimum: DURATION_LIMITS.min, maximum: DURATION_LIMITS.max, example: 60 })
  @IsInt()
  @Min(DURATION_LIMITS.min)
  @Max(DURATION_LIMITS.max)
  durationMinutes: number;

  @ApiPropertyOptional({
    description: 'Pay-per-session price in minor units of your currency; null or omitted for none.',
    example: 4500,
    minimum: 0,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(PRICE_MAX_MINOR)
  priceMinor?: number | null;

  @ApiPropertyOptional({
    maxLength: NOTES_MAX,
    example: 'Focus on deadlift form.',
    nullable: true,
    type: String,
    description: 'null or omitted for none.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_MAX)
  notes?: string | null;

  @ApiPropertyOptional({
    description: 'Pay with a credit from the client’s valid package that expires soonest.',
    example: true,
  })
  @OptionalNotNull()
  @IsBoolean()
  useCredit?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'Pay with a credit from this purchase (see GET /api/v1/clients/{id}/credits); null or omitted for none.',
  })
  @IsOptional()
  @IsUUID('all')
  clientPackageId?: string | null;
}

export class WaiveForfeitDto {
  @ApiProperty({ maxLength: REASON_MAX, example: 'Client was ill; goodwill.' })
  @IsString()
  @MaxLength(REASON_MAX)
  reason: string;
}

export class RescheduleBookingDto {
  @ApiPropertyOptional({ description: 'New start, ISO 8601 with offset.', example: '2026-12-02T10:00:00+00:00' })
  @OptionalNotNull()
  @IsString()
  @IsIsoDateTime({ message: `startTime ${ISO_MESSAGE}` })
  startTime?: string;

  @ApiPropertyOptional({
    minimum: DURATION_LIMITS.min,
    maximum: DURATION_LIMITS.max,
    example: 45,
    description: 'Defaults to the current length.',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(DURATION_LIMITS.min)
  @Max(DURATION_LIMITS.max)
  durationMinutes?: number;
}

export class CancelBookingDto {
  @ApiPropertyOptional({
    maxLength: REASON_MAX,
    example: 'Client is unwell.',
    nullable: true,
    type: String,
    description: 'null or omitted for none.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX)
  reason?: string | null;

  @ApiPropertyOptional({
    enum: ['trainer', 'client'],
    default: 'trainer',
    description: 'Who asked for the cancellation.',
  })
  @OptionalNotNull()
  @IsIn(['trainer', 'client'])
  cancelledBy?: 'trainer' | 'client';
}

export class ListBookingsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({
    description: 'Sessions starting at or after this instant (ISO 8601 with offset).',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsIsoDateTime({ message: `from ${ISO_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ description: 'Sessions starting before this instant.', example: '2026-12-08T00:00:00Z' })
  @IsOptional()
  @IsIsoDateTime({ message: `to ${ISO_MESSAGE}` })
  to?: string;

  @ApiPropertyOptional({ description: 'Comma-separated statuses.', example: 'pending,confirmed' })
  @IsOptional()
  @IsString()
  @Matches(/^(pending|confirmed|completed|no_show|cancelled)(,(pending|confirmed|completed|no_show|cancelled))*$/, {
    message: 'status must be a comma-separated list of pending, confirmed, completed, no_show, cancelled',
  })
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'By start time, then id.' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
