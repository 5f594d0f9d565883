import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsIsoDateTime, OptionalNotNull } from '../../../common/validation/dto-decorators.js';
import { CreditMovement } from '../credit-ledger-entry.entity.js';
import type { CreditBalance, LedgerLine } from '../credits.types.js';
import type { SaleResult } from '../packages.types.js';
import { PaymentMethod } from '../../payments/payment.entity.js';
import { PACKAGE_LIMITS } from '../packages.types.js';

export class SellPackageDto {
  @ApiProperty({
    format: 'uuid',
    description: 'One of your active packages.',
    example: '6a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  })
  @IsUUID('all', { message: 'packageId must be a package id (UUID)' })
  packageId: string;

  @ApiPropertyOptional({
    minimum: 0,
    example: 45000,
    description: 'Price override in minor units; defaults to the catalogue price.',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(PACKAGE_LIMITS.priceMaxMinor)
  priceMinor?: number;

  @ApiPropertyOptional({ enum: PaymentMethod, default: PaymentMethod.Cash, example: PaymentMethod.Card })
  @OptionalNotNull()
  @IsEnum(PaymentMethod)
  paymentMethod?: PaymentMethod;

  @ApiPropertyOptional({
    default: true,
    description: 'false = "paid later": no payment now; settle with POST /payments and purchaseId.',
  })
  @OptionalNotNull()
  @IsBoolean()
  paid?: boolean;

  @ApiPropertyOptional({
    description: 'When the money was received (ISO 8601 with offset); defaults to now.',
    example: '2026-12-01T09:00:00Z',
  })
  @OptionalNotNull()
  @IsIsoDateTime({ message: 'paidAt must be a real ISO 8601 date-time with an offset' })
  paidAt?: string;
}

export class PurchaseResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  packageId: string;

  @ApiProperty({ example: '10 sessions' })
  packageName: string;

  @ApiProperty({ example: 10 })
  creditsGranted: number;

  @ApiProperty({ example: 7 })
  creditsRemaining: number;

  @ApiProperty({ example: 50000, description: 'Price paid, minor units.' })
  pricePaidMinor: number;

  @ApiProperty({ example: 'GBP' })
  currency: string;

  @ApiProperty({ format: 'date-time' })
  purchasedAt: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'End of the last valid day in your time zone.',
  })
  expiresAt: string | null;

  @ApiProperty({ example: false })
  expired: boolean;

  @ApiProperty({ example: true, description: 'False until payments cover the price ("paid later").' })
  paid: boolean;

  @ApiProperty({ example: 50000, description: 'Sum of payments linked to this purchase.' })
  paidMinor: number;
}

export class LedgerEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  purchaseId: string;

  @ApiProperty({ example: '10 sessions' })
  packageName: string;

  @ApiProperty({ enum: CreditMovement, example: CreditMovement.Consume })
  kind: CreditMovement;

  @ApiProperty({ example: -1, description: 'Signed change in credits.' })
  delta: number;

  @ApiProperty({ example: 'Session booked' })
  reason: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  bookingId: string | null;

  @ApiProperty({ example: false, description: 'Written by the system (expiry), not a person.' })
  system: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class ClientCreditsDto {
  @ApiProperty({ example: 7, description: 'Usable credits now: unexpired purchases only.' })
  balance: number;

  @ApiProperty({ type: [PurchaseResponseDto], description: 'Balance per purchase, newest first.' })
  purchases: PurchaseResponseDto[];

  @ApiProperty({ type: [LedgerEntryDto], description: 'Every credit movement, newest first.' })
  ledger: LedgerEntryDto[];
}

export class SaleResponseDto {
  @ApiProperty({ type: PurchaseResponseDto })
  purchase: PurchaseResponseDto;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The payment recorded, if paid now and the price is above zero.',
  })
  paymentId: string | null;
}

export function toPurchaseResponse(row: CreditBalance): PurchaseResponseDto {
  return {
    id: row.clientPackageId,
    packageId: row.packageId,
    packageName: row.packageName,
    creditsGranted: row.creditsGranted,
    creditsRemaining: row.creditsRemaining,
    pricePaidMinor: row.pricePaidMinor,
    currency: row.currency,
    purchasedAt: row.purchasedAt.toISOString(),
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    expired: row.expired,
    paid: row.paid,
    paidMinor: row.paidMinor,
  };
}

export function toLedgerEntry(row: LedgerLine): LedgerEntryDto {
  return {
    id: row.id,
    purchaseId: row.clientPackageId,
    packageName: row.packageName,
    kind: row.kind,
    delta: row.delta,
    reason: row.reason,
    bookingId: row.bookingId,
    system: row.system,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toSaleResponse(sale: SaleResult): SaleResponseDto {
  const { purchase, payment } = sale;
  const expiresAt = purchase.expiresAt ?? null;
  return {
    purchase: toPurchaseResponse({
      clientPackageId: purchase.id,
      packageId: purchase.sessionPackage.id,
      packageName: purchase.sessionPackage.name,
      creditsGranted: purchase.creditsGranted,
      creditsRemaining: purchase.creditsRemaining,
      pricePaidMinor: purchase.pricePaidMinor,
      currency: purchase.currency,
      purchasedAt: purchase.purchasedAt,
      expiresAt,
      expired: expiresAt !== null && expiresAt.getTime() <= Date.now(),
      paid: purchase.paid,
      paidMinor: payment?.amountMinor ?? 0,
    }),
    paymentId: payment?.id ?? null,
  };
}
