import { ClientEmailKind, type CreditEmailKind } from './client-emails.types.js';

/**
 * Job names of the credit notices on the emails queue. They live here rather than in common/queue/queues.ts because
 * only the notices' sweep enqueues them; the emails processor registers a handler for each (asserted at start).
 */
export enum CreditNoticeJob {
  /** One low-credit or credits-expiring notice for one event. */
  Send = 'credit-notice',
}

/** The notices, as notifications.purpose (the ClientEmailKind values, as booking notices use theirs). */
export const CREDIT_NOTICE_PURPOSES: readonly CreditEmailKind[] = [
  ClientEmailKind.CreditsLow,
  ClientEmailKind.CreditsExpiring,
];

export interface CreditNoticePayload {
  trainerId: string;
  clientId: string;
  kind: CreditEmailKind;
  /** The ledger movement (low credit) or the purchase (expiring) the notice is about. */
  eventKey: string;
}

/** The balance a low-credit notice is about: "1 session left". */
export const LOW_CREDIT_BALANCE = 1;

/** How many days before a purchase's expiry its notice goes out. */
export const EXPIRY_NOTICE_DAYS = 7;

/** The local time of day, in the trainer's zone, at which an expiry notice becomes due. */
export const EXPIRY_NOTICE_LOCAL_TIME = '09:00';

/**
 * How far back the sweep looks for the movement that brought a balance to one credit. It bounds the scan to recent
 * ledger rows, and keeps a first run (or a trainer switching notices back on) from writing to every client who has
 * sat on one credit for months; a worker that was down for less than this still catches up.
 */
export const LOW_CREDIT_LOOKBACK_HOURS = 72;

/** Deterministic and ':'-free (BullMQ 6 refuses ':' in custom ids): a sweep run twice, on two workers, adds one job. */
export function creditNoticeJobId(payload: Pick<CreditNoticePayload, 'kind' | 'clientId' | 'eventKey'>): string {
  return `credit-notice.${payload.kind}.${payload.clientId}.${payload.eventKey}`;
}
