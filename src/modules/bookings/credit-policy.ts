import { CancelledBy } from './booking-status.js';

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
    return { outcome: 'forfeited', makeUpCredit: false, message: 'A no-show forfeits 1 credit. You can waive it afterwards.' };
  }
  if (facts.by === CancelledBy.Trainer) {
    const makeUpCredit = late && facts.makeUpOnLateTrainerCancel;
    return {
      outcome: 'refunded',
      makeUpCredit,
      message: makeUpCredit ? 'The credit is refunded, plus 1 make-up credit for the short notice.' : 'The credit is refunded.',
    };
  }
  return late
    ? { outcome: 'forfeited', makeUpCredit: false, message: `Within ${facts.cutoffHours} h of the session: this forfeits 1 credit.` }
    : { outcome: 'refunded', makeUpCredit: false, message: 'More than the cut-off ahead: the credit is refunded.' };
}
