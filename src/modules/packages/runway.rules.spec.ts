import { describe, expect, it } from '@jest/globals';
import { creditRunway } from './runway.rules.js';

const from = new Date('2026-03-01T12:00:00Z');
const days = (n: number) => new Date(from.getTime() + n * 86_400_000);

describe(creditRunway.name, () => {
  it('reports no credits when nothing usable is left', () => {
    expect(
      creditRunway(
        [
          { remaining: 0, expiresAt: null },
          { remaining: 3, expiresAt: days(-1) },
        ],
        8,
        from,
      ),
    ).toEqual({ kind: 'no_credits' });
  });

  it('has no pace without recent sessions, and counts the credits that will lapse', () => {
    expect(
      creditRunway(
        [
          { remaining: 4, expiresAt: days(30) },
          { remaining: 2, expiresAt: null },
        ],
        0,
        from,
      ),
    ).toEqual({
      kind: 'no_pace',
      credits: 6,
      expiringUnused: 4,
    });
  });

  it('runs out after credits / pace: 8 sessions in 8 weeks is one a week, so 4 credits last 28 days', () => {
    const runway = creditRunway([{ remaining: 4, expiresAt: null }], 8, from);
    expect(runway).toEqual({ kind: 'runs_out', credits: 4, runsOutOn: days(28), sessionsPerWeek: 1 });
  });

  it('uses the soonest-expiring package first and carries on with the next', () => {
    // Two a week: 2 credits expiring in 10 days last 7 days, then 2 more without expiry take 7 more.
    const runway = creditRunway(
      [
        { remaining: 2, expiresAt: null },
        { remaining: 2, expiresAt: days(10) },
      ],
      16,
      from,
    );
    expect(runway).toMatchObject({ kind: 'runs_out', credits: 4, runsOutOn: days(14), sessionsPerWeek: 2 });
  });

  it('counts the credits a slow client cannot use before expiry', () => {
    // One a week, 10 credits expiring in 30 days: 4 used (days 7, 14, 21, 28), 6 lapse.
    const runway = creditRunway([{ remaining: 10, expiresAt: days(30) }], 8, from);
    expect(runway).toMatchObject({ kind: 'expires_unused', credits: 10, unused: 6, runsOutOn: days(28) });
  });

  it('continues after a package lapses from its expiry, not from before it', () => {
    // One a week: 5 expiring on day 14 → 2 used, 3 lapse; then 2 undated credits from day 14 → done day 28.
    const runway = creditRunway(
      [
        { remaining: 5, expiresAt: days(14) },
        { remaining: 2, expiresAt: null },
      ],
      8,
      from,
    );
    expect(runway).toMatchObject({ kind: 'expires_unused', unused: 3, runsOutOn: days(28) });
  });
});
