import { describe, expect, it } from '@jest/globals';
import { BookingStatus } from './booking-status.js';
import { canApply, statusAfter, transitionRefusal } from './booking-state-machine.js';

describe('booking state machine', () => {
  it.each([
    [BookingStatus.Pending, 'confirm'],
    [BookingStatus.Pending, 'cancel'],
    [BookingStatus.Pending, 'complete'],
    [BookingStatus.Confirmed, 'complete'],
    [BookingStatus.Confirmed, 'no_show'],
    [BookingStatus.Confirmed, 'reschedule'],
  ] as const)('allows %s → %s', (status, action) => {
    expect(canApply(status, action)).toBe(true);
  });

  it.each([
    [BookingStatus.Cancelled, 'complete'],
    [BookingStatus.Cancelled, 'confirm'],
    [BookingStatus.Completed, 'cancel'],
    [BookingStatus.Completed, 'reschedule'],
    [BookingStatus.NoShow, 'complete'],
    [BookingStatus.Confirmed, 'confirm'],
  ] as const)('refuses %s → %s', (status, action) => {
    expect(canApply(status, action)).toBe(false);
  });

  it('names the resulting status and explains refusals', () => {
    expect(statusAfter('no_show')).toBe(BookingStatus.NoShow);
    expect(transitionRefusal(BookingStatus.Cancelled, 'complete')).toBe('This session is cancelled, so it can’t be marked completed.');
  });
});
