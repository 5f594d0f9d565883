/** How long a client's credits last at their recent pace. Pure: the caller supplies the numbers. */

export const RUNWAY_WINDOW_DAYS = 56;
const DAY_MS = 86_400_000;

export interface RunwayPackage {
  remaining: number;
  expiresAt: Date | null;
}

export type Runway =
  /** No usable credits. */
  | { kind: 'no_credits' }
  /** No sessions in the window, so no pace; `expiringUnused` credits have an expiry and will lapse. */
  | { kind: 'no_pace'; credits: number; expiringUnused: number }
  /** At this pace every credit is used; the last one around `runsOutOn`. */
  | { kind: 'runs_out'; credits: number; runsOutOn: Date; sessionsPerWeek: number }
  /** At this pace `unused` credits expire before they are used; the rest run out around `runsOutOn`. */
  | { kind: 'expires_unused'; credits: number; unused: number; runsOutOn: Date | null; sessionsPerWeek: number };

/**
 * Simulates the client using their credits at `sessionsInWindow` per RUNWAY_WINDOW_DAYS, soonest expiry first
 * (the order bookings take them), starting at `from` (now, or the last session already booked). Credits a
 * package cannot use before it expires are counted as unused.
 */
export function creditRunway(packages: RunwayPackage[], sessionsInWindow: number, from: Date): Runway {
  const usable = packages.filter(
    (p) => p.remaining > 0 && (p.expiresAt === null || p.expiresAt.getTime() > from.getTime()),
  );
  const credits = usable.reduce((sum, p) => sum + p.remaining, 0);
  if (credits === 0) return { kind: 'no_credits' };
  if (sessionsInWindow <= 0) {
    const expiringUnused = usable.filter((p) => p.expiresAt !== null).reduce((sum, p) => sum + p.remaining, 0);
    return { kind: 'no_pace', credits, expiringUnused };
  }
  const perDay = sessionsInWindow / RUNWAY_WINDOW_DAYS;
  const ordered = [...usable].sort(
    (a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity),
  );
  let t = from.getTime();
  let unused = 0;
  let lastUse: number | null = null;
  for (const pkg of ordered) {
    const needed = (pkg.remaining / perDay) * DAY_MS;
    const deadline = pkg.expiresAt?.getTime() ?? Infinity;
    if (t + needed <= deadline) {
      t += needed;
      lastUse = t;
      continue;
    }
    const used = Math.max(0, Math.floor(((deadline - t) / DAY_MS) * perDay));
    unused += pkg.remaining - used;
    if (used > 0) lastUse = t + (used / perDay) * DAY_MS;
    t = Math.max(t, deadline);
  }
  const sessionsPerWeek = Math.round((sessionsInWindow / (RUNWAY_WINDOW_DAYS / 7)) * 10) / 10;
  if (unused > 0)
    return {
      kind: 'expires_unused',
      credits,
      unused,
      runsOutOn: lastUse === null ? null : new Date(lastUse),
      sessionsPerWeek,
    };
  return { kind: 'runs_out', credits, runsOutOn: new Date(t), sessionsPerWeek };
}
