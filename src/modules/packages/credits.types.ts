import type { CreditMovement } from './credit-ledger-entry.entity.js';

/** A purchase a booking can take a credit from. */
export interface UsableCredit {
  clientPackageId: string;
  packageName: string;
  remaining: number;
  expiresAt: Date | null;
}

/** One purchase of a client with its balance. */
export interface CreditBalance {
  clientPackageId: string;
  packageId: string;
  packageName: string;
  creditsGranted: number;
  creditsRemaining: number;
  pricePaidMinor: number;
  currency: string;
  purchasedAt: Date;
  expiresAt: Date | null;
  expired: boolean;
  paid: boolean;
  /** Sum of the payments linked to this purchase. */
  paidMinor: number;
}

/** One movement of the ledger, newest first. */
export interface LedgerLine {
  id: string;
  clientPackageId: string;
  packageName: string;
  kind: CreditMovement;
  delta: number;
  reason: string;
  bookingId: string | null;
  system: boolean;
  createdAt: Date;
}

export interface ConsumeInput {
  clientPackageId: string;
  clientId: string;
  bookingId: string;
  at: Date;
}
