import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** A new client. Only the name is required; the service trims, checks formats and answers 422 per field. */
export class CreateClientDto {
  @ApiProperty({ description: 'Full name, 1–200 characters.', example: 'Sam Taylor', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Email address; omit, null or "" when not known.',
    example: 'sam.taylor@example.com',
    maxLength: 254,
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Phone number with at least 5 digits; spaces, + ( ) - . / and "ext" allowed.',
    example: '+44 7700 900123',
    maxLength: 40,
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Private notes, up to 5,000 characters.',
    example: 'Left knee: no deep lunges. Prefers mornings.',
    maxLength: 5000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;
}
