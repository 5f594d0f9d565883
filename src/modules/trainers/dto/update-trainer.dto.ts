import { ApiProperty, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsString, Length, MaxLength } from 'class-validator';

/** Every setting a trainer can change, all required; UpdateTrainerDto is its partial form. */
export class TrainerSettingsDto {
  @ApiProperty({ description: 'Your name.', example: 'Alex Morgan', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Northside Strength', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  businessName: string;

  @ApiProperty({ description: 'IANA time zone.', example: 'America/New_York' })
  @IsString()
  @MaxLength(64)
  timeZone: string;

  @ApiProperty({ description: 'ISO 4217 code.', example: 'USD' })
  @IsString()
  @Length(3, 3)
  currency: string;

  @ApiProperty({ minimum: 0, maximum: 720, example: 24 })
  @IsInt()
  cancellationCutoffHours: number;

  @ApiProperty({ minimum: 0, maximum: 720, example: 2 })
  @IsInt()
  minimumNoticeHours: number;

  @ApiProperty({ minimum: 5, maximum: 720, example: 60 })
  @IsInt()
  defaultSessionMinutes: number;

  @ApiProperty({ type: [Number], description: 'Up to 3 lead times, 5 minutes to 7 days.', example: [1440, 120] })
  @IsArray()
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  reminderLeadMinutes: number[];

  @ApiProperty({ example: true })
  @IsBoolean()
  makeUpCreditOnLateCancel: boolean;
}

/**
 * A partial change: leave out what stays. No field has a null meaning, so null is refused (400):
 * `skipNullProperties: false` makes the fields optional only when absent.
 */
export class UpdateTrainerDto extends PartialType(TrainerSettingsDto, { skipNullProperties: false }) {}
