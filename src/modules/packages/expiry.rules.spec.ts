import { describe, expect, it } from '@jest/globals';
import { expiryFor } from './expiry.rules.js';

describe(expiryFor.name, () => {
  it('never expires without a validity', () => {
    expect(expiryFor(new Date('2026-01-10T10:00:00Z'), null, 'Europe/London')).toBeNull();
  });

  it('ends at 23:59:59.999 local on purchase day + validity, in winter', () => {
    expect(expiryFor(new Date('2026-01-10T10:00:00Z'), 30, 'Europe/London')?.toISOString()).toBe(
      '2026-02-09T23:59:59.999Z',
    );
  });

  it('keeps the end of the local day across the spring DST change (London, BST)', () => {
    // Bought 20 March (GMT), expires 9 April which is in BST: 23:59:59.999 BST is 22:59:59.999Z.
    expect(expiryFor(new Date('2026-03-20T10:00:00Z'), 20, 'Europe/London')?.toISOString()).toBe(
      '2026-04-09T22:59:59.999Z',
    );
  });

  it('keeps the end of the local day across the autumn DST change (New York)', () => {
    // Bought 20 October (EDT), expires 9 November (EST, UTC-5).
    expect(expiryFor(new Date('2026-10-20T15:00:00Z'), 20, 'America/New_York')?.toISOString()).toBe(
      '2026-11-10T04:59:59.999Z',
    );
  });

  it('uses the trainer’s local purchase date, not the UTC one', () => {
    // 23:30 on 31 Jan in UTC is already 1 Feb in Sydney (UTC+11): 1 Feb + 1 day = 2 Feb local.
    expect(expiryFor(new Date('2026-01-31T23:30:00Z'), 1, 'Australia/Sydney')?.toISOString()).toBe(
      '2026-02-02T12:59:59.999Z',
    );
  });

  it('rolls over month ends and leap days', () => {
    expect(expiryFor(new Date('2028-01-31T09:00:00Z'), 29, 'Europe/London')?.toISOString()).toBe(
      '2028-02-29T23:59:59.999Z',
    );
    expect(expiryFor(new Date('2026-01-31T09:00:00Z'), 30, 'Europe/London')?.toISOString()).toBe(
      '2026-03-02T23:59:59.999Z',
    );
    expect(expiryFor(new Date('2026-12-31T09:00:00Z'), 1, 'Europe/London')?.toISOString()).toBe(
      '2027-01-01T23:59:59.999Z',
    );
  });
});
