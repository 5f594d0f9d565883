import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import type { CreditLiability, PackageSummary } from '../packages.types.js';
import { PACKAGE_LIMITS } from '../packages.types.js';
import { OptionalNotNull } from '../../../common/validation/dto-decorators.js';

export class CreatePackageDto {
  @ApiProperty({ maxLength: PACKAGE_LIMITS.name, example: '10 sessions' })
  @IsString()
  @MinLength(1)
  @MaxLength(PACKAGE_LIMITS.name)
  name: string;

  @ApiProperty({
    minimum: PACKAGE_LIMITS.sessionsMin,
    maximum: PACKAGE_LIMITS.sessionsMax,
    example: 10,
    description: 'Credits each sale grants.',
  })
  @IsInt()
  @Min(PACKAGE_LIMITS.sessionsMin)
  @Max(PACKAGE_LIMITS.sessionsMax)
  sessionCount: number;

  @ApiProperty({ minimum: 0, example: 50000, description: 'Price in minor units of your currency (50000 = £500.00).' })
  @IsInt()
  @Min(0)
  @Max(PACKAGE_LIMITS.priceMaxMinor)
  priceMinor: number;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 1,
    maximum: PACKAGE_LIMITS.validityMaxDays,
    example: 90,
    description: 'Days a purchase stays valid; null never expires.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(PACKAGE_LIMITS.validityMaxDays)
  validityDays?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: PACKAGE_LIMITS.description,
    example: 'Best value for weekly clients.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(PACKAGE_LIMITS.description)
  description?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Inactive packages cannot be sold.' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

/**
 * A partial change: the fields and limits come from CreatePackageDto (`skipNullProperties: false`: null is refused
 * except where create allows it). `active` is restated because create's default (true) means nothing on an update.
 */
export class UpdatePackageDto extends PartialType(OmitType(CreatePackageDto, ['active'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ example: 12 })
  declare sessionCount?: number;

  @ApiPropertyOptional({ example: 55000, description: 'Minor units. Past purchases keep their price.' })
  declare priceMinor?: number;

  @ApiPropertyOptional({ type: Number, example: 120, description: 'null removes the expiry for future sales.' })
  declare validityDays?: number | null;

  @ApiPropertyOptional({ description: 'false deactivates (no new sales); clients keep their credits.', example: false })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class PackageResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '10 sessions' })
  name: string;

  @ApiProperty({ example: 10 })
  sessionCount: number;

  @ApiProperty({ example: 50000, description: 'Minor units.' })
  priceMinor: number;

  @ApiProperty({ example: 'GBP' })
  currency: string;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 90 })
  validityDays: number | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ example: 4, description: 'Purchases of this package.' })
  unitsSold: number;

  @ApiProperty({ example: 200000, description: 'Payments received for its purchases, minor units.' })
  revenueMinor: number;

  @ApiProperty({ example: 17, description: 'Unexpired credits clients still hold.' })
  creditsOutstanding: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class LiabilityDto {
  @ApiProperty({ example: 'GBP' })
  currency: string;

  @ApiProperty({
    example: 85000,
    description: 'Value of unexpired unused credits, pro rata of the price paid (minor units).',
  })
  amountMinor: number;

  @ApiProperty({ example: 17 })
  credits: number;

  @ApiProperty({ example: 3 })
  purchases: number;
}

export class PackageListDto {
  @ApiProperty({ type: [PackageResponseDto] })
  items: PackageResponseDto[];

  @ApiProperty({ type: [LiabilityDto], description: 'Unused-credit liability per currency.' })
  liability: LiabilityDto[];
}

export function toPackageResponse(row: PackageSummary): PackageResponseDto {
  return {
    id: row.id,
    name: row.name,
    sessionCount: row.sessionCount,
    priceMinor: row.priceMinor,
    currency: row.currency,
    validityDays: row.validityDays,
    description: row.description,
    active: row.active,
    unitsSold: row.unitsSold,
    revenueMinor: row.revenueMinor,
    creditsOutstanding: row.creditsOutstanding,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toLiability(row: CreditLiability): LiabilityDto {
  return { ...row };
}
