import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { ClientStatus } from '../client.entity.js';
import { OptionalNotNull } from '../../../common/validation/dto-decorators.js';
import { CreateClientDto } from './create-client.dto.js';

/**
 * A partial change. Send only what changes; null or "" clears email, phone or notes. The fields and their limits
 * come from CreateClientDto; `skipNullProperties: false` keeps null refused where create refuses it (the name).
 * Only the texts that mean something else on an update are restated here.
 */
export class UpdateClientDto extends PartialType(CreateClientDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'Sam Taylor-Reed' })
  declare name?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Email address; null or "" clears it.',
    example: 'sam@example.com',
  })
  declare email?: string | null;

  @ApiPropertyOptional({
    type: String,
    description: 'Phone number; null or "" clears it.',
    example: '+1 (555) 010-0199',
  })
  declare phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    description: 'Private notes; null or "" clears them.',
    example: 'Training for a half marathon in April.',
  })
  declare notes?: string | null;

  @ApiPropertyOptional({
    enum: ClientStatus,
    enumName: 'ClientStatus',
    description:
      '`archived` hides the client from lists and booking (keeping their history); `active` brings them back.',
    example: ClientStatus.Archived,
  })
  @OptionalNotNull()
  @IsEnum(ClientStatus)
  status?: ClientStatus;
}
