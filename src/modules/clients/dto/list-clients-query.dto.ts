import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CLIENT_STATUS_FILTERS, type ClientStatusFilter } from '../clients.types.js';

export class ListClientsQueryDto {
  @ApiPropertyOptional({ description: 'Matches any part of the name, email or phone, ignoring case.', example: 'tay', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: CLIENT_STATUS_FILTERS, default: 'active', description: 'Which clients to list.', example: 'active' })
  @IsOptional()
  @IsIn(CLIENT_STATUS_FILTERS)
  status?: ClientStatusFilter;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.', example: 'WyJzYW0gdGF5bG9yIiwiMGI2ZDNjMmUtOGYxYS00YzU1LTliMGUtMmY0ZDZhOGMxZTM3Il0' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25, description: 'Page size.', example: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
