import { describe, expect, it } from '@jest/globals';
import { BookingStatus, CancelledBy } from './booking-status.js';
import { canWaive, decideCredit, isLate, waiveRefusal } from './credit-policy.js';

const now = new Date('2026-12-01T09:00:00Z');
const hoursAhead = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const base = { usesCredit: true, now, cutoffHours: 24, makeUpOnLateTrainerCancel: true };

describe('decideCredit', () => {
  it('refunds a timely client cancel', () => {
    expect(decideCredit({ ...base, by: CancelledBy.Client, start: hoursAhead(30) })).toMatchObject({
      outcome: 'refunded',
      makeUpCredit: false,
    });
  });
  it('forfeits a late client cancel', () => {
    expect(decideCredit({ ...base, by: CancelledBy.Client, start: hoursAhead(3) })).toMatchObject({
      outcome: 'forfeited',
    });
  });
  it('forfeits a no-show', () => {
    expect(decideCredit({ ...base, by: 'no_show', start: hoursAhead(-1) }).outcome).toBe('forfeited');
  });
  it('always refunds a trainer cancel, with a make-up credit when late and the setting is on', () => {
    expect(decideCredit({ ...base, by: CancelledBy.Trainer, start: hoursAhead(30) })).toMatchObject({
      outcome: 'refunded',
      makeUpCredit: false,
    });
    expect(decideCredit({ ...base, by: CancelledBy.Trainer, start: hoursAhead(2) })).toMatchObject({
      outcome: 'refunded',
      makeUpCredit: true,
    });
    expect(
      decideCredit({ ...base, makeUpOnLateTrainerCancel: false, by: CancelledBy.Trainer, start: hoursAhead(2) })
        .makeUpCredit,
    ).toBe(false);
  });
  it('has nothing to decide without a credit', () => {
    expect(decideCredit({ ...base, usesCredit: false, by: CancelledBy.Client, start: hoursAhead(1) }).outcome).toBe(
      'none',
    );
  });
  it('treats exactly the cut-off as timely', () => {
    expect(isLate(now, hoursAhead(24), 24)).toBe(false);
    expect(isLate(now, hoursAhead(23.99), 24)).toBe(true);
  });
});

describe('canWaive', () => {
  const noShow = {
    usesCredit: true,
    status: BookingStatus.NoShow,
    cancelledBy: null,
    refunded: false,
    adjusted: false,
  };

  it('offers a no-show’s and a late client cancel’s forfeited credit', () => {
    expect(canWaive(noShow)).toBe(true);
    expect(canWaive({ ...noShow, status: BookingStatus.Cancelled, cancelledBy: CancelledBy.Client })).toBe(true);
  });

  it('no longer offers it once given back, nor when it was refunded', () => {
    expect(canWaive({ ...noShow, adjusted: true })).toBe(false);
    expect(waiveRefusal({ ...noShow, adjusted: true })).toBe('This credit has already been given back.');
    expect(
      waiveRefusal({ ...noShow, status: BookingStatus.Cancelled, cancelledBy: CancelledBy.Client, refunded: true }),
    ).toBe('This credit was already refunded.');
  });

  it('never offers it for a trainer cancel, a session paid on its own or one still to happen', () => {
    expect(canWaive({ ...noShow, status: BookingStatus.Cancelled, cancelledBy: CancelledBy.Trainer })).toBe(false);
    expect(canWaive({ ...noShow, usesCredit: false })).toBe(false);
    expect(canWaive({ ...noShow, status: BookingStatus.Confirmed })).toBe(false);
  });
});
