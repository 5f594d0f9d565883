import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Granularity } from '../analytics-reports.types.js';

/*
 * The dates arrive as plain strings: AnalyticsReportsService checks them (real dates, order, at most 3 years) and
 * answers every problem at once as 422 problem+json with per-field messages, the same on the web door. Only a
 * non-string (a repeated parameter) or an unknown parameter stops here, with 400.
 */

export class AnalyticsRangeQueryDto {
  @ApiProperty({
    format: 'date',
    description: 'First local day (in your time zone), inclusive. Required.',
    example: '2026-03-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiProperty({
    format: 'date',
    description: 'Last local day, inclusive: on or after `from` and less than 3 years after it. Required.',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class AnalyticsSeriesQueryDto extends AnalyticsRangeQueryDto {
  @ApiPropertyOptional({
    enum: Granularity,
    description:
      'Bucket size. Weeks start on Monday and months on the 1st; the first and last buckets are clipped to the range. ' +
      'Defaults to day up to 31 days, week up to 183 days, month beyond.',
    example: Granularity.Week,
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  granularity?: string;
}
