import { describe, expect, it } from '@jest/globals';
import { BookingStatus } from './booking-status.js';
import {
  actionsNow,
  canApply,
  primaryActionNow,
  refusalNow,
  statusAfter,
  transitionRefusal,
} from './booking-state-machine.js';

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
    expect(transitionRefusal(BookingStatus.Cancelled, 'complete')).toBe(
      'This session is cancelled, so it can’t be marked completed.',
    );
  });
});

describe('actions offered now', () => {
  const now = new Date('2031-06-03T10:00:00Z');
  const future = { status: BookingStatus.Confirmed, startTime: new Date('2031-06-17T10:00:00Z') };
  const started = { status: BookingStatus.Confirmed, startTime: new Date('2031-06-03T09:30:00Z') };

  it('keeps completed and no-show back until the session has started', () => {
    expect(actionsNow(future, now)).toEqual(['cancel', 'reschedule']);
    expect(actionsNow(started, now)).toEqual(['complete', 'no_show', 'cancel', 'reschedule']);
    expect(actionsNow({ ...future, startTime: now }, now)).toContain('complete');
  });

  it('refuses a future complete or no-show with its own reason, and a status refusal first', () => {
    expect(refusalNow(future, 'complete', now)).toEqual({
      reason: 'not_started',
      message: expect.stringContaining('hasn’t started yet'),
    });
    expect(refusalNow(future, 'no_show', now)?.reason).toBe('not_started');
    expect(refusalNow(started, 'complete', now)).toBeNull();
    expect(refusalNow({ ...future, status: BookingStatus.Cancelled }, 'complete', now)?.reason).toBe('status');
  });

  it('offers Complete first once started, else Confirm while pending, else nothing', () => {
    expect(primaryActionNow({ ...future, status: BookingStatus.Pending }, now)).toBe('confirm');
    expect(primaryActionNow({ ...started, status: BookingStatus.Pending }, now)).toBe('complete');
    expect(primaryActionNow(future, now)).toBeNull();
    expect(primaryActionNow({ ...started, status: BookingStatus.Completed }, now)).toBeNull();
  });
});
