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

/** From the entity or from the plain row an Account carries (auth's one-statement actor read). */
export function toTrainerResponse(trainer: Omit<Trainer, 'user' | 'createdAt' | 'updatedAt'>): TrainerResponseDto {
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
