import { ApiProperty } from '@nestjs/swagger';
import type { Trainer } from '../trainer.entity.js';

export class TrainerResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Northside Strength' })
  businessName: string;

  @ApiProperty({ description: 'IANA time zone', example: 'Europe/London' })
  timeZone: string;

  @ApiProperty({ description: 'ISO 4217 code', example: 'GBP' })
  currency: string;

  @ApiProperty({
    description: 'A client cancelling later than this many hours before a session forfeits the credit.',
    example: 24,
  })
  cancellationCutoffHours: number;

  @ApiProperty({ description: 'Sessions cannot be booked closer than this to their start.', example: 0 })
  minimumNoticeHours: number;

  @ApiProperty({ example: 60 })
  defaultSessionMinutes: number;

  @ApiProperty({ type: [Number], description: 'Minutes before a session that reminders go out.', example: [1440, 120] })
  reminderLeadMinutes: number[];

  @ApiProperty({ description: 'Grant a make-up credit when the trainer cancels inside the cut-off.', example: true })
  makeUpCreditOnLateCancel: boolean;
}

/** The profile fields every trainer response carries; an Account's trainer (auth's one-statement read) has them. */
type TrainerProfile = Pick<
  Trainer,
  | 'id'
  | 'businessName'
  | 'timeZone'
  | 'currency'
  | 'cancellationCutoffHours'
  | 'minimumNoticeHours'
  | 'defaultSessionMinutes'
  | 'reminderLeadMinutes'
  | 'makeUpCreditOnLateCancel'
>;

/**
 * The profile and every setting, for the trainer's own settings resource. Sign-in and /me carry the shorter
 * TrainerResponseDto: the account read behind them runs on every request and holds only what most screens need.
 */
export class TrainerSettingsResponseDto extends TrainerResponseDto {
  @ApiProperty({ description: 'Reminders are held out of quiet hours (moved earlier to when they begin).' })
  quietHoursEnabled: boolean;

  @ApiProperty({ description: 'Local "HH:MM", in the time zone.', example: '21:00' })
  quietHoursStart: string;

  @ApiProperty({ description: 'Local "HH:MM"; before the start, the window spans midnight.', example: '08:00' })
  quietHoursEnd: string;

  @ApiProperty({ description: 'A copy by email to you when a session is booked or cancelled through the API.' })
  trainerCopiesEnabled: boolean;

  @ApiProperty({ description: 'Low-credit and expiry notices to clients.' })
  creditNoticesEnabled: boolean;
}

/** From the entity or from the plain row an Account carries (auth's one-statement actor read). */
export function toTrainerResponse(trainer: TrainerProfile): TrainerResponseDto {
  return {
    id: trainer.id,
    businessName: trainer.businessName,
    timeZone: trainer.timeZone,
    currency: trainer.currency,
    cancellationCutoffHours: trainer.cancellationCutoffHours,
    minimumNoticeHours: trainer.minimumNoticeHours,
    defaultSessionMinutes: trainer.defaultSessionMinutes,
    reminderLeadMinutes: trainer.reminderLeadMinutes,
    makeUpCreditOnLateCancel: trainer.makeUpCreditOnLateCancel,
  };
}

export function toTrainerSettingsResponse(trainer: Trainer): TrainerSettingsResponseDto {
  return {
    ...toTrainerResponse(trainer),
    quietHoursEnabled: trainer.quietHoursEnabled,
    quietHoursStart: trainer.quietHoursStart,
    quietHoursEnd: trainer.quietHoursEnd,
    trainerCopiesEnabled: trainer.trainerCopiesEnabled,
    creditNoticesEnabled: trainer.creditNoticesEnabled,
  };
}
