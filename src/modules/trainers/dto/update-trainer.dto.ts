import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsString, Length, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/dto-decorators.js';

/** A partial change: leave out what stays. No field has a null meaning, so null is refused (400). */
export class UpdateTrainerDto {
  @ApiPropertyOptional({ description: 'Your name.', example: 'Alex Morgan', maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'Northside Strength', maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  businessName?: string;

  @ApiPropertyOptional({ description: 'IANA time zone.', example: 'America/New_York' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ description: 'ISO 4217 code.', example: 'USD' })
  @OptionalNotNull()
  @IsString()
  @Length(3, 3)
  currency?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, example: 24 })
  @OptionalNotNull()
  @IsInt()
  cancellationCutoffHours?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, example: 2 })
  @OptionalNotNull()
  @IsInt()
  minimumNoticeHours?: number;

  @ApiPropertyOptional({ minimum: 5, maximum: 720, example: 60 })
  @OptionalNotNull()
  @IsInt()
  defaultSessionMinutes?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Up to 3 lead times, 5 minutes to 7 days.', example: [1440, 120] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  reminderLeadMinutes?: number[];

  @ApiPropertyOptional({ example: true })
  @OptionalNotNull()
  @IsBoolean()
  makeUpCreditOnLateCancel?: boolean;
}
