import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsIsoDate } from '../../../common/validation/dto-decorators.js';
import { zoneOffsetMs } from '../../../common/time/zoned-time.js';
import { AVAILABILITY_LIMITS, type DaySlots } from '../availability.types.js';
import { DayOffDto } from './availability.dto.js';

export class SlotsQueryDto {
  @ApiProperty({ description: 'Local date in your time zone, "YYYY-MM-DD".', example: '2026-12-01', format: 'date' })
  @IsIsoDate({ message: 'date must be a real calendar date like 2026-12-01' })
  date: string;

  @ApiProperty({
    description: 'Session length in minutes.',
    type: 'integer',
    minimum: AVAILABILITY_LIMITS.sessionMinutes.min,
    maximum: AVAILABILITY_LIMITS.sessionMinutes.max,
    example: 60,
  })
  @Type(() => Number)
  @IsInt()
  @Min(AVAILABILITY_LIMITS.sessionMinutes.min)
  @Max(AVAILABILITY_LIMITS.sessionMinutes.max)
  durationMinutes: number;

  @ApiPropertyOptional({
    description: 'A session being rescheduled: its own time counts as free.',
    format: 'uuid',
    example: '8d3e5b7c-1f2a-4c6d-9e0b-2a4c6e8f0b1d',
  })
  @IsOptional()
  @IsUUID()
  excludeBookingId?: string;
}

export class TimeRangeDto {
  @ApiProperty({ description: 'Local "HH:MM".', example: '07:00' })
  start: string;

  @ApiProperty({ description: 'Local "HH:MM".', example: '12:00' })
  end: string;
}

export class SlotDto {
  @ApiProperty({
    description: 'Start, ISO 8601 with your zone’s offset on that date.',
    example: '2026-12-01T09:00:00+00:00',
  })
  start: string;

  @ApiProperty({
    description: 'End (start + durationMinutes), ISO 8601 with offset.',
    example: '2026-12-01T10:00:00+00:00',
  })
  end: string;

  @ApiProperty({ description: 'Local start time, "HH:MM".', example: '09:00' })
  label: string;
}

export class SlotsResponseDto {
  @ApiProperty({ example: '2026-12-01', format: 'date' })
  date: string;

  @ApiProperty({ type: 'integer', example: 60 })
  durationMinutes: number;

  @ApiProperty({ description: 'Your IANA time zone; every local time here is in it.', example: 'Europe/London' })
  timeZone: string;

  @ApiProperty({
    type: [TimeRangeDto],
    description: 'That weekday’s working hours.',
    example: [
      { start: '07:00', end: '12:00' },
      { start: '16:00', end: '20:00' },
    ],
  })
  workingHours: TimeRangeDto[];

  @ApiProperty({
    type: DayOffDto,
    nullable: true,
    description: 'The day off on that date, if any (then `slots` is empty).',
  })
  dayOff: DayOffDto | null;

  @ApiProperty({
    type: [SlotDto],
    description:
      'Free start times, every 15 minutes from the start of each range plus the end of each booked session, where the whole session fits inside working hours without overlapping a pending or confirmed session. Past times and times skipped by a daylight-saving change are left out.',
  })
  slots: SlotDto[];

  @ApiProperty({
    type: [String],
    description: 'Things to know about that date, for example a day off or a weekday without hours.',
    example: ['That’s a day off (Holiday)'],
  })
  warnings: string[];
}

/** "2026-03-29T09:00:00+01:00": the instant written in the zone's local time with its offset. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMs(instant, timeZone);
  const local = new Date(instant.getTime() + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function toSlotsResponse(day: DaySlots): SlotsResponseDto {
  return {
    date: day.date,
    durationMinutes: day.durationMinutes,
    timeZone: day.timeZone,
    workingHours: day.ranges.map(({ start, end }) => ({ start, end })),
    dayOff: day.dayOff ? { id: day.dayOff.id, date: day.dayOff.date, reason: day.dayOff.reason } : null,
    slots: day.slots.map((slot) => ({
      start: isoWithOffset(slot.start, day.timeZone),
      end: isoWithOffset(slot.end, day.timeZone),
      label: slot.label,
    })),
    warnings: day.warnings,
  };
}
