import { ApiProperty } from '@nestjs/swagger';
import type { TrainerPage } from '../admin.types.js';
import { CursorPageQueryDto } from '../../../common/pagination/cursor-page-query.dto.js';

/** Admin lists take only the shared cursor and limit. */
export class ListTrainersQueryDto extends CursorPageQueryDto {}

export class TrainerSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Northside Strength' })
  businessName: string;

  @ApiProperty({ example: 'alex@northside.fit' })
  email: string;

  @ApiProperty({ example: 'Alex Morgan' })
  name: string;

  @ApiProperty({ example: 'Europe/London' })
  timeZone: string;

  @ApiProperty({ example: 'GBP' })
  currency: string;

  @ApiProperty({ example: 31 })
  clientCount: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class TrainerPageDto {
  @ApiProperty({ type: [TrainerSummaryDto] })
  items: TrainerSummaryDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}

export function toTrainerPage(page: TrainerPage): TrainerPageDto {
  return {
    items: page.items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })),
    nextCursor: page.nextCursor,
  };
}
