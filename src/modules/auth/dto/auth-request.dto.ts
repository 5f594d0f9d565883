import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/dto-decorators.js';

export class RegisterDto {
  @ApiProperty({ description: 'Login email; unique, case-insensitive.', example: 'alex@northside.fit', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({
    description: 'At least 10 characters and not a common password.',
    example: 'squat-rack-sunrise',
    minLength: 10,
    maxLength: 200,
  })
  @IsString()
  @Length(1, 200)
  password: string;

  @ApiProperty({ description: 'Your name.', example: 'Alex Morgan', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    description: 'Business name; defaults to "<name> Training".',
    example: 'Northside Strength',
    maxLength: 200,
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  businessName?: string;

  @ApiPropertyOptional({ description: 'IANA time zone.', example: 'Europe/London', default: 'Europe/London' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ description: 'ISO 4217 currency code.', example: 'GBP', default: 'GBP' })
  @OptionalNotNull()
  @IsString()
  @Length(3, 3)
  currency?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'demo@trainerhub.app', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'demo-trainer-2026', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({
    description: 'A name for this device, shown in the trainer’s settings.',
    example: 'Alex’s iPhone',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  deviceName?: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from login or the previous refresh. Single use.',
    example: 'q5n3l0...',
  })
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}
