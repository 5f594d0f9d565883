import { describe, expect, it } from '@jest/globals';
import { packageOptionLabel } from './packages.views.js';

describe('packageOptionLabel', () => {
  it('leaves out the session count when the name already says it', () => {
    expect(packageOptionLabel({ name: '10 sessions', sessionCount: 10, priceMinor: 50_000, currency: 'GBP' })).toBe(
      '10 sessions · £500.00',
    );
    expect(packageOptionLabel({ name: 'Pack of 5', sessionCount: 5, priceMinor: 25_000, currency: 'GBP' })).toBe(
      'Pack of 5 · £250.00',
    );
  });

  it('adds it when the name does not, without matching a longer number', () => {
    expect(packageOptionLabel({ name: 'Intro', sessionCount: 1, priceMinor: 4_000, currency: 'GBP' })).toBe(
      'Intro · 1 session · £40.00',
    );
    expect(packageOptionLabel({ name: '10 sessions', sessionCount: 1, priceMinor: 4_000, currency: 'GBP' })).toBe(
      '10 sessions · 1 session · £40.00',
    );
  });
});
