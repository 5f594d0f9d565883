import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { TrainerPage } from '../admin.service.js';

export class ListTrainersQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

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

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}

export function toTrainerPage(page: TrainerPage): TrainerPageDto {
  return { items: page.items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })), nextCursor: page.nextCursor };
}
