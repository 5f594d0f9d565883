import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DURATION_LIMITS, NOTES_MAX, PRICE_MAX_MINOR, REASON_MAX } from '../bookings.types.js';
import { CursorPageQueryDto } from '../../../common/pagination/cursor-page-query.dto.js';

/** ISO 8601 with an explicit offset: a bare local time would be ambiguous across time zones. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_MESSAGE = 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+00:00';

export class CreateBookingDto {
  @ApiProperty({ format: 'uuid', description: 'One of your active clients.', example: '3f0e2b1c-5d4a-4e7b-9c2d-1a2b3c4d5e6f' })
  @IsUUID('all', { message: 'clientId must be a client id (UUID)' })
  clientId: string;

  @ApiProperty({ description: 'Start, ISO 8601 with offset.', example: '2026-12-01T09:00:00+00:00' })
  @IsString()
  @Matches(ISO_WITH_OFFSET, { message: `startTime ${ISO_MESSAGE}` })
  startTime: string;

  @ApiProperty({ minimum: DURATION_LIMITS.min, maximum: DURATION_LIMITS.max, example: 60 })
  @IsInt()
  @Min(DURATION_LIMITS.min)
  @Max(DURATION_LIMITS.max)
  durationMinutes: number;

  @ApiPropertyOptional({ description: 'Pay-per-session price in minor units of your currency.', example: 4500, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(PRICE_MAX_MINOR)
  priceMinor?: number;

  @ApiPropertyOptional({ maxLength: NOTES_MAX, example: 'Focus on deadlift form.' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_MAX)
  notes?: string;

  @ApiPropertyOptional({ description: 'Pay with a credit from the client’s valid package that expires soonest.', example: true })
  @IsOptional()
  @IsBoolean()
  useCredit?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pay with a credit from this purchase (see GET /api/v1/clients/{id}/credits).' })
  @IsOptional()
  @IsUUID('all')
  clientPackageId?: string;
}

export class WaiveForfeitDto {
  @ApiProperty({ maxLength: REASON_MAX, example: 'Client was ill; goodwill.' })
  @IsString()
  @MaxLength(REASON_MAX)
  reason: string;
}

export class RescheduleBookingDto {
  @ApiPropertyOptional({ description: 'New start, ISO 8601 with offset.', example: '2026-12-02T10:00:00+00:00' })
  @IsOptional()
  @IsString()
  @Matches(ISO_WITH_OFFSET, { message: `startTime ${ISO_MESSAGE}` })
  startTime?: string;

  @ApiPropertyOptional({ minimum: DURATION_LIMITS.min, maximum: DURATION_LIMITS.max, example: 45, description: 'Defaults to the current length.' })
  @IsOptional()
  @IsInt()
  @Min(DURATION_LIMITS.min)
  @Max(DURATION_LIMITS.max)
  durationMinutes?: number;
}

export class CancelBookingDto {
  @ApiPropertyOptional({ maxLength: REASON_MAX, example: 'Client is unwell.' })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX)
  reason?: string;

  @ApiPropertyOptional({ enum: ['trainer', 'client'], default: 'trainer', description: 'Who asked for the cancellation.' })
  @IsOptional()
  @IsIn(['trainer', 'client'])
  cancelledBy?: 'trainer' | 'client';
}

export class ListBookingsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ description: 'Sessions starting at or after this instant (ISO 8601 with offset).', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: `from ${ISO_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ description: 'Sessions starting before this instant.', example: '2026-12-08T00:00:00Z' })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: `to ${ISO_MESSAGE}` })
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
