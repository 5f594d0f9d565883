import type { PaymentKind, PaymentMethod } from './payment.entity.js';

export const PAYMENT_LIMITS = { amountMaxMinor: 100_000_000, note: 500, historyRows: 100 } as const;

export interface CreatePaymentInput {
  clientId: string;
  amountMinor: number;
  method: PaymentMethod;
  bookingId?: string | null;
  purchaseId?: string | null;
  paidAt?: Date;
  note?: string | null;
}

/** Money given back against one payment; at most what the payment still counts for. */
export interface RefundInput {
  amountMinor: number;
  /** Defaults to the payment's own method. */
  method?: PaymentMethod;
  paidAt?: Date;
  note?: string | null;
}

/** A recording mistake put right: what the payment should have been. The reason is required. */
export interface CorrectionInput {
  /** The amount actually received (zero when the payment never happened). */
  amountMinor: number;
  note: string;
}

export interface PaymentFilter {
  clientId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

/** A payment, refund or correction as lists show it. Refunds are negative; corrections either sign. */
export interface PaymentView {
  id: string;
  kind: PaymentKind;
  /** The payment a refund or correction changes. */
  originalPaymentId: string | null;
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
  /** For a payment: its amount after corrections. Null for refunds and corrections. */
  receivedMinor: number | null;
  /** For a payment: what was given back of it (zero or more). Null for refunds and corrections. */
  refundedMinor: number | null;
}

/** Something the client still owes for: a purchase sold "pays later" or a completed pay-per-session session. */
export interface PaymentDue {
  kind: 'purchase' | 'booking';
  id: string;
  /** The package name, or null for a session. */
  packageName: string | null;
  /** When it was bought, or when the session started. */
  at: Date;
  priceMinor: number;
  dueMinor: number;
}

/** The payment form's read model: the client, what is owed and in which currency. */
export interface PaymentFormContext {
  client: { id: string; name: string; archived: boolean };
  currency: string;
  dues: PaymentDue[];
  owedMinor: number;
}

/** The refund and correction forms' read model. */
export interface PaymentChangeContext {
  client: { id: string; name: string };
  payment: PaymentView;
  /** What can still be refunded: received minus refunded. */
  refundableMinor: number;
}
