import type { PaymentMethod } from './payment.entity.js';

export const PAYMENT_LIMITS = { amountMaxMinor: 100_000_000, note: 500 } as const;

export interface CreatePaymentInput {
  clientId: string;
  amountMinor: number;
  method: PaymentMethod;
  bookingId?: string | null;
  purchaseId?: string | null;
  paidAt?: Date;
  note?: string | null;
}

export interface PaymentFilter {
  clientId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

/** A payment as lists show it. */
export interface PaymentView {
  id: string;
  clientId: string;
  clientName: string;
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  paidAt: Date;
  purchaseId: string | null;
  packageName: string | null;
  bookingId: string | null;
  note: string | null;
}
