/** Processed outbox rows are kept this long (to see what the relay did recently), then deleted. */
export const OUTBOX_RETENTION_DAYS = 7;
/** Rows one cleanup statement deletes. */
export const OUTBOX_CLEANUP_BATCH = 5_000;

export interface OutboxCleanupOptions {
  retentionDays?: number;
  batchSize?: number;
}

export interface OutboxCleanupSummary {
  /** Rows deleted in all. */
  deleted: number;
  /** Statements it took. */
  batches: number;
  /** Rows processed before this instant were deleted (ISO). */
  cutoff: string;
}
