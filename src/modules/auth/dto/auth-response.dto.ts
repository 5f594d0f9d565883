import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Account } from '../auth.types.js';
import { toTrainerResponse, TrainerResponseDto } from '../../trainers/dto/trainer-response.dto.js';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '0b9f5a5e-8a47-4c66-9d8c-8f5b1b3b2a10' })
  id: string;

  @ApiProperty({ example: 'alex@northside.fit' })
  email: string;

  @ApiProperty({ example: 'Alex Morgan' })
  name: string;

  @ApiProperty({ enum: ['trainer', 'admin'], example: 'trainer' })
  role: string;
}

export class MeResponseDto {
  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;

  @ApiPropertyOptional({
    type: TrainerResponseDto,
    nullable: true,
    description: 'Null for admins without a trainer profile.',
  })
  trainer: TrainerResponseDto | null;
}

export class TokenPairResponseDto {
  @ApiProperty({
    description: 'JWT access token; send as `Authorization: Bearer <token>`.',
    example: 'eyJhbGciOiJIUzI1NiJ9...',
  })
  accessToken: string;

  @ApiProperty({ description: 'Opaque, single-use refresh token.', example: 'q5n3l0...' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn: number;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;
}

export function toUserResponse(account: Account): UserResponseDto {
  const { user } = account;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function toMeResponse(account: Account): MeResponseDto {
  return { user: toUserResponse(account), trainer: account.trainer ? toTrainerResponse(account.trainer) : null };
}
