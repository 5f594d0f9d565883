import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class UpdateTrainerDto {
  @ApiPropertyOptional({ description: 'Your name.', example: 'Alex Morgan', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'Northside Strength', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  businessName?: string;

  @ApiPropertyOptional({ description: 'IANA time zone.', example: 'America/New_York' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ description: 'ISO 4217 code.', example: 'USD' })
  @IsOptional()
  @IsString()
  @Length(3, 3)
  currency?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, example: 24 })
  @IsOptional()
  @IsInt()
  cancellationCutoffHours?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, example: 2 })
  @IsOptional()
  @IsInt()
  minimumNoticeHours?: number;

  @ApiPropertyOptional({ minimum: 5, maximum: 720, example: 60 })
  @IsOptional()
  @IsInt()
  defaultSessionMinutes?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Up to 3 lead times, 5 minutes to 7 days.', example: [1440, 120] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  reminderLeadMinutes?: number[];

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  makeUpCreditOnLateCancel?: boolean;
}
