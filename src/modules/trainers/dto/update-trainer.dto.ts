import { ApiProperty, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsString, Length, MaxLength } from 'class-validator';

const LOCAL_TIME = { type: String, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5 } as const;

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

  @ApiProperty({
    type: [Number],
    description: 'Minutes before a session that reminders go out: 1 to 3 different lead times, 15 minutes to 7 days.',
    example: [1440, 120],
    minItems: 1,
    maxItems: 3,
  })
  @IsArray()
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  reminderLeadMinutes: number[];

  @ApiProperty({ example: true })
  @IsBoolean()
  makeUpCreditOnLateCancel: boolean;

  @ApiProperty({
    description:
      'Hold reminders out of quiet hours: one that would go out inside them goes out when they begin instead (earlier, never later). False sends at any hour.',
    example: true,
  })
  @IsBoolean()
  quietHoursEnabled: boolean;

  @ApiProperty({ ...LOCAL_TIME, description: 'When quiet hours begin, local "HH:MM".', example: '21:00' })
  @IsString()
  @MaxLength(5)
  quietHoursStart: string;

  @ApiProperty({
    ...LOCAL_TIME,
    description: 'When quiet hours end, local "HH:MM"; before the start, the window spans midnight.',
    example: '08:00',
  })
  @IsString()
  @MaxLength(5)
  quietHoursEnd: string;

  @ApiProperty({
    description: 'Email you (your account address) a copy when a session is booked or cancelled through the API.',
    example: false,
  })
  @IsBoolean()
  trainerCopiesEnabled: boolean;

  @ApiProperty({
    description: 'Email clients when their credits fall to 1 and 7 days before unused credits expire.',
    example: true,
  })
  @IsBoolean()
  creditNoticesEnabled: boolean;
}

/**
 * A partial change: leave out what stays. No field has a null meaning, so null is refused (400):
 * `skipNullProperties: false` makes the fields optional only when absent.
 */
export class UpdateTrainerDto extends PartialType(TrainerSettingsDto, { skipNullProperties: false }) {}
