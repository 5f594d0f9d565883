import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLIENT_STATUS_FILTERS, type ClientStatusFilter } from '../clients.types.js';
import { CursorPageQueryDto } from '../../../common/pagination/cursor-page-query.dto.js';

export class ListClientsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({
    description: 'Matches any part of the name, email or phone, ignoring case.',
    example: 'tay',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: CLIENT_STATUS_FILTERS,
    default: 'active',
    description: 'Which clients to list.',
    example: 'active',
  })
  @IsOptional()
  @IsIn(CLIENT_STATUS_FILTERS)
  status?: ClientStatusFilter;
}
