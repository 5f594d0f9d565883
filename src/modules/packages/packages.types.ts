import type { Payment, PaymentMethod } from '../payments/payment.entity.js';
import type { ClientPackage } from './client-package.entity.js';

export const PACKAGE_LIMITS = {
  name: 200,
  description: 2000,
  sessionsMin: 1,
  sessionsMax: 1000,
  priceMaxMinor: 100_000_000,
  validityMaxDays: 3650,
} as const;

/** A catalogue item as the service accepts it (already typed; forms and DTOs parse strings and JSON). */
export interface PackageInput {
  name: string;
  sessionCount: number;
  priceMinor: number;
  validityDays: number | null;
  description?: string | null;
  active?: boolean;
}

export type PackageUpdate = Partial<PackageInput>;

/** A catalogue row with its sales: purchases, money received for them, and unexpired credits still held. */
export interface PackageSummary {
  id: string;
  name: string;
  sessionCount: number;
  priceMinor: number;
  currency: string;
  validityDays: number | null;
  description: string | null;
  active: boolean;
  createdAt: Date;
  unitsSold: number;
  revenueMinor: number;
  creditsOutstanding: number;
}

/** Money received for credits not yet used or expired, pro rata of the price paid, per currency. */
export interface CreditLiability {
  currency: string;
  amountMinor: number;
  credits: number;
  purchases: number;
}

/** The catalogue screen: packages, liability per currency, and the trainer's own currency. */
export interface PackageCatalogue {
  items: PackageSummary[];
  liability: CreditLiability[];
  currency: string;
}

/** What the sell form offers. */
export interface SellFormContext {
  clients: Array<{ id: string; name: string }>;
  packages: PackageSummary[];
}

export interface SellInput {
  packageId: string;
  /** Overrides the catalogue price. */
  priceMinor?: number;
  /** Defaults to cash. */
  paymentMethod?: PaymentMethod;
  /** False for "paid later": no payment now, the purchase stays unpaid until payments cover it. */
  paid?: boolean;
  paidAt?: Date;
}

/** What a sale returns: the purchase and, when paid at the till, its payment. */
export interface SaleResult {
  purchase: ClientPackage;
  payment: Payment | null;
}
