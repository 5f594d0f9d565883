import { describe, expect, it } from '@jest/globals';
import { CancelledBy } from './booking-status.js';
import { decideCredit, isLate } from './credit-policy.js';

const now = new Date('2026-12-01T09:00:00Z');
const hoursAhead = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const base = { usesCredit: true, now, cutoffHours: 24, makeUpOnLateTrainerCancel: true };

describe('decideCredit', () => {
  it('refunds a timely client cancel', () => {
    expect(decideCredit({ ...base, by: CancelledBy.Client, start: hoursAhead(30) })).toMatchObject({ outcome: 'refunded', makeUpCredit: false });
  });
  it('forfeits a late client cancel', () => {
    expect(decideCredit({ ...base, by: CancelledBy.Client, start: hoursAhead(3) })).toMatchObject({ outcome: 'forfeited' });
  });
  it('forfeits a no-show', () => {
    expect(decideCredit({ ...base, by: 'no_show', start: hoursAhead(-1) }).outcome).toBe('forfeited');
  });
  it('always refunds a trainer cancel, with a make-up credit when late and the setting is on', () => {
    expect(decideCredit({ ...base, by: CancelledBy.Trainer, start: hoursAhead(30) })).toMatchObject({ outcome: 'refunded', makeUpCredit: false });
    expect(decideCredit({ ...base, by: CancelledBy.Trainer, start: hoursAhead(2) })).toMatchObject({ outcome: 'refunded', makeUpCredit: true });
    expect(decideCredit({ ...base, makeUpOnLateTrainerCancel: false, by: CancelledBy.Trainer, start: hoursAhead(2) }).makeUpCredit).toBe(false);
  });
  it('has nothing to decide without a credit', () => {
    expect(decideCredit({ ...base, usesCredit: false, by: CancelledBy.Client, start: hoursAhead(1) }).outcome).toBe('none');
  });
  it('treats exactly the cut-off as timely', () => {
    expect(isLate(now, hoursAhead(24), 24)).toBe(false);
    expect(isLate(now, hoursAhead(23.99), 24)).toBe(true);
  });
});
