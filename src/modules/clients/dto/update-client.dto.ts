import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { ClientStatus } from '../client.entity.js';
import { OptionalNotNull } from '../../../common/validation/dto-decorators.js';

/** A partial change. Send only what changes; null or "" clears email, phone or notes. */
export class UpdateClientDto {
  @ApiPropertyOptional({ description: 'Full name, 1–200 characters.', example: 'Sam Taylor-Reed', maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Email address; null or "" clears it.', example: 'sam@example.com', maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Phone number; null or "" clears it.', example: '+1 (555) 010-0199', maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Private notes; null or "" clears them.', example: 'Training for a half marathon in April.', maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;

  @ApiPropertyOptional({
    enum: ClientStatus,
    enumName: 'ClientStatus',
    description: '`archived` hides the client from lists and booking (keeping their history); `active` brings them back.',
    example: ClientStatus.Archived,
  })
  @OptionalNotNull()
  @IsEnum(ClientStatus)
  status?: ClientStatus;
}
