import { BookingStatus, CancelledBy } from './booking-status.js';

export type CreditOutcome = 'none' | 'refunded' | 'forfeited';

export interface CreditDecision {
  outcome: CreditOutcome;
  /** The trainer cancelled inside the cut-off and the make-up setting is on: one extra credit. */
  makeUpCredit: boolean;
  /** A sentence for the trainer, shown before they confirm. */
  message: string;
}

export interface CancellationFacts {
  usesCredit: boolean;
  by: CancelledBy | 'no_show';
  now: Date;
  start: Date;
  cutoffHours: number;
  makeUpOnLateTrainerCancel: boolean;
}

/** True when the cancellation comes later than the cut-off allows (or the session already started). */
export function isLate(now: Date, start: Date, cutoffHours: number): boolean {
  return start.getTime() - now.getTime() < cutoffHours * 3_600_000;
}

/**
 * The cancellation policy. A timely client cancel refunds the credit; a late one or a no-show forfeits it;
 * a trainer's cancel always refunds, plus a make-up credit when it comes inside the cut-off (a setting).
 */
export function decideCredit(facts: CancellationFacts): CreditDecision {
  if (!facts.usesCredit) return { outcome: 'none', makeUpCredit: false, message: 'No package credit is involved.' };
  const late = isLate(facts.now, facts.start, facts.cutoffHours);
  if (facts.by === 'no_show') {
    return {
      outcome: 'forfeited',
      makeUpCredit: false,
      message: 'A no-show forfeits 1 credit. You can waive it afterwards.',
    };
  }
  if (facts.by === CancelledBy.Trainer) {
    const makeUpCredit = late && facts.makeUpOnLateTrainerCancel;
    return {
      outcome: 'refunded',
      makeUpCredit,
      message: makeUpCredit
        ? 'The credit is refunded, plus 1 make-up credit for the short notice.'
        : 'The credit is refunded.',
    };
  }
  return late
    ? {
        outcome: 'forfeited',
        makeUpCredit: false,
        message: `Within ${facts.cutoffHours} h of the session: this forfeits 1 credit.`,
      }
    : { outcome: 'refunded', makeUpCredit: false, message: 'More than the cut-off ahead: the credit is refunded.' };
}

export interface WaiveFacts {
  usesCredit: boolean;
  status: BookingStatus;
  cancelledBy: CancelledBy | null | undefined;
  /** The booking's credit was refunded already (a timely or trainer cancel). */
  refunded: boolean;
  /** The booking already has its one adjustment (a waive, or a make-up credit). */
  adjusted: boolean;
}

/** Why a forfeited credit can't be given back, or null when it can. */
export function waiveRefusal(facts: WaiveFacts): string | null {
  const forfeitable =
    facts.usesCredit &&
    (facts.status === BookingStatus.NoShow ||
      (facts.status === BookingStatus.Cancelled && facts.cancelledBy === CancelledBy.Client));
  if (!forfeitable) return 'Only a credit forfeited by a late cancellation or a no-show can be waived.';
  // A timely cancellation was refunded already; only a credit that stayed spent can be waived.
  if (facts.refunded) return 'This credit was already refunded.';
  if (facts.adjusted) return 'This credit has already been given back.';
  return null;
}

/** The rule behind "Give credit back", for the service (to refuse) and the row (to offer it). */
export function canWaive(facts: WaiveFacts): boolean {
  return waiveRefusal(facts) === null;
}
