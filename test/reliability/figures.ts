import { appendFileSync } from 'node:fs';

/**
 * The reliability suite's figures. Each check adds what it tried and what it saw; the figures reporter sums
 * them over the run and prints one table. Every figure except the counts of tries must end at zero.
 */
export interface Figures {
  /** Requests sent by the check (a try count, not a failure). */
  requestsTried: number;
  /** Answers with a 5xx status where none was allowed (503 during an injected fault is allowed). */
  serverErrors: number;
  /** API error answers that were not application/problem+json. */
  nonProblemErrors: number;
  /** Another trainer's data seen or changed. */
  crossTenantLeaks: number;
  /** Unsafe web requests with a missing, wrong or foreign CSRF token (or a cross-site origin) that were accepted. */
  csrfAccepted: number;
  /** SQL invariant checks that failed (overlaps, negative balance, ledger mismatch, duplicate movements...). */
  invariantViolations: number;
  /** Faults injected (a try count): database cut, Redis cut, SIGTERM under load. */
  faultsInjected: number;
  /** Faults the app did not survive: a hang, a 401 instead of 503, no recovery, a lost acknowledged write. */
  faultsNotSurvived: number;
  /** Attacks that got through: a tampered JWT accepted, a lockout of the real user, a dialog fired by XSS. */
  attacksAccepted: number;
}

export type FigureName = keyof Figures;

export const FIGURE_LABELS: Record<FigureName, string> = {
  requestsTried: 'requests tried',
  serverErrors: '5xx seen',
  nonProblemErrors: 'non-problem+json errors',
  crossTenantLeaks: 'cross-tenant leaks',
  csrfAccepted: 'CSRF accepted',
  invariantViolations: 'invariant violations',
  faultsInjected: 'faults injected',
  faultsNotSurvived: 'faults not survived',
  attacksAccepted: 'attacks accepted',
};

/** Figures that count tries; all the others must be zero for the run to pass. */
export const TRY_COUNTS: ReadonlySet<FigureName> = new Set<FigureName>(['requestsTried', 'faultsInjected']);

/** Adds one check's figures to the run's tally (a JSON line per call; the reporter sums them). */
export function recordFigures(check: string, figures: Partial<Figures>): void {
  const file = process.env.TRAINERHUB_RELIABILITY_FIGURES;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ check, ...figures })}\n`);
}
