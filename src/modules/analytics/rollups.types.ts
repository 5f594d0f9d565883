/** The local hour at which a trainer's nightly expiry and rebuild run, in their own zone. */
export const NIGHTLY_LOCAL_HOUR = 3;
/** How many past local days the nightly run rebuilds (plus today). */
export const NIGHTLY_REBUILD_DAYS = 35;
/** The longest range one ops rebuild may cover. */
export const MAX_REBUILD_YEARS = 3;

/** An ops rebuild: local dates "YYYY-MM-DD", both inclusive; every trainer when trainerId is left out. */
export interface RebuildRangeInput {
  trainerId?: string;
  from: string;
  to: string;
}

/** What one trainer-range statement did: rows inserted or changed, and all-zero days removed. */
export interface RebuildCounts {
  written: number;
  deleted: number;
}

export interface RebuildSummary {
  from: string;
  to: string;
  trainers: number;
  daysWritten: number;
  daysDeleted: number;
}

export interface NightlySummary {
  trainers: number;
  /** Purchases whose unused credits were written off. */
  purchasesExpired: number;
  daysWritten: number;
  daysDeleted: number;
}

/** One trainer whose local night it is, with the local date it is there. */
export interface NightlyTrainer {
  trainerId: string;
  today: string;
}
