import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsIsoDate, OptionalNotNull } from '../../../common/validation/dto-decorators.js';
import type { RebuildSummary } from '../../analytics/rollups.types.js';

export class RebuildRollupsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The trainer to rebuild; leave out to rebuild every trainer.',
    example: '3f0e2b1c-5d4a-4e7b-9c2d-1a2b3c4d5e6f',
  })
  @OptionalNotNull()
  @IsUUID('all', { message: 'trainerId must be a trainer id (UUID)' })
  trainerId?: string;

  @ApiProperty({
    format: 'date',
    description: 'First local day (in each trainer’s zone), inclusive.',
    example: '2026-11-01',
  })
  @IsIsoDate()
  from: string;

  @ApiProperty({
    format: 'date',
    description: 'Last local day, inclusive: on or after `from`, and less than 3 years after it.',
    example: '2026-11-30',
  })
  @IsIsoDate()
  to: string;
}

export class RollupRebuildResultDto {
  @ApiProperty({ format: 'date', example: '2026-11-01' })
  from: string;

  @ApiProperty({ format: 'date', example: '2026-11-30' })
  to: string;

  @ApiProperty({ description: 'Trainers rebuilt.', example: 1 })
  trainers: number;

  @ApiProperty({ description: 'Day rows inserted or changed; 0 when the rollups were already right.', example: 12 })
  daysWritten: number;

  @ApiProperty({ description: 'Day rows removed because nothing counted happened on them any more.', example: 0 })
  daysDeleted: number;
}

export function toRollupRebuildResult(summary: RebuildSummary): RollupRebuildResultDto {
  return { ...summary };
}
