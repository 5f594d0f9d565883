import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AVAILABILITY_LIMITS, type WeekAvailability } from '../availability.types.js';
import { OptionalNotNull } from '../../../common/validation/dto-decorators.js';

/** One range of weekly working hours, in the trainer's local time. */
export class WeeklyRangeDto {
  @ApiProperty({
    description: 'ISO weekday: 1 is Monday, 7 is Sunday.',
    type: 'integer',
    minimum: 1,
    maximum: 7,
    example: 2,
  })
  @IsInt()
  weekday: number;

  @ApiProperty({ description: 'Local start time, 24-hour "HH:MM".', example: '07:00', pattern: '^\\d{2}:\\d{2}$' })
  @IsString()
  @MaxLength(8)
  start: string;

  @ApiProperty({
    description: 'Local end time, 24-hour "HH:MM"; after `start` on the same day.',
    example: '12:00',
    pattern: '^\\d{2}:\\d{2}$',
  })
  @IsString()
  @MaxLength(8)
  end: string;
}

/** A day off to create (in a PUT). */
export class DayOffInputDto {
  @ApiProperty({
    description: 'Local date, "YYYY-MM-DD"; today or later, within three years.',
    example: '2026-12-24',
    format: 'date',
  })
  @IsString()
  @MaxLength(10)
  date: string;

  @ApiPropertyOptional({
    description: 'Why, for your own reference; shown in booking warnings.',
    example: 'Holiday',
    maxLength: 200,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(AVAILABILITY_LIMITS.reasonLength)
  reason?: string | null;
}

export class DayOffDto {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-6d1b-4f7e-9a51-0c2d8e4b7a10' })
  id: string;

  @ApiProperty({ description: 'Local date, "YYYY-MM-DD".', example: '2026-12-24', format: 'date' })
  date: string;

  @ApiProperty({ description: 'Why, if given.', example: 'Holiday', nullable: true, type: String })
  reason: string | null;
}

export class AvailabilityResponseDto {
  @ApiProperty({
    type: [WeeklyRangeDto],
    description: 'Every weekly range, by weekday then start. A weekday may have several ranges (up to 6) or none.',
    example: [
      { weekday: 1, start: '07:00', end: '12:00' },
      { weekday: 1, start: '16:00', end: '20:00' },
      { weekday: 3, start: '09:00', end: '17:00' },
    ],
  })
  weekly: WeeklyRangeDto[];

  @ApiProperty({ type: [DayOffDto], description: 'Days off from today (in your time zone) on, soonest first.' })
  daysOff: DayOffDto[];
}

/**
 * Replaces your availability. `weekly` replaces every weekly range (send `[]` to clear them). `daysOff`, when
 * present, replaces every day off from today on (past days off are kept); leave it out to keep days off as they are.
 */
export class ReplaceAvailabilityDto {
  @ApiProperty({
    type: [WeeklyRangeDto],
    description:
      'The whole week. Times are "HH:MM" (24-hour, local); each range ends after it starts; ranges on one weekday must not overlap (touching is fine); at most 6 per weekday.',
    example: [
      { weekday: 1, start: '07:00', end: '12:00' },
      { weekday: 1, start: '16:00', end: '20:00' },
      { weekday: 2, start: '09:00', end: '17:00' },
    ],
  })
  @IsArray()
  @ArrayMaxSize(7 * AVAILABILITY_LIMITS.rangesPerDay + 7)
  @ValidateNested({ each: true })
  @Type(() => WeeklyRangeDto)
  weekly: WeeklyRangeDto[];

  @ApiPropertyOptional({
    type: [DayOffInputDto],
    description: 'When present: every day off from today on, each date once. Omit to leave days off unchanged.',
    example: [{ date: '2026-12-24', reason: 'Holiday' }, { date: '2026-12-25' }],
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(AVAILABILITY_LIMITS.daysOffPerReplace)
  @ValidateNested({ each: true })
  @Type(() => DayOffInputDto)
  daysOff?: DayOffInputDto[];
}

export function toAvailabilityResponse(week: WeekAvailability): AvailabilityResponseDto {
  return {
    weekly: week.weekly.map(({ weekday, start, end }) => ({ weekday, start, end })),
    daysOff: week.daysOff.map(({ id, date, reason }) => ({ id, date, reason })),
  };
}
