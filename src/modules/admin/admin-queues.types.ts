import type { QueueName } from '../../common/queue/queues.js';

/** Jobs per BullMQ state in one queue. */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  waitingChildren: number;
  completed: number;
  failed: number;
}

/** A failed job as operations staff see it. */
export interface FailedJobSummary {
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  /** When the job was added. */
  timestamp: Date;
  /** When its last attempt failed; null if BullMQ did not record it. */
  failedAt: Date | null;
}

export interface QueueOverview {
  name: QueueName;
  paused: boolean;
  counts: QueueCounts;
  /** Seconds the longest-waiting due job has been due (waiting, or delayed and past its time); null when none. */
  oldestWaitingSeconds: number | null;
  /** The newest failed jobs, newest first, at most FAILED_JOBS_SHOWN. */
  failed: FailedJobSummary[];
}

export interface QueuesOverview {
  checkedAt: Date;
  queues: QueueOverview[];
}

export interface ReconcileSummary {
  /** Planned reminders and notices handed to BullMQ; those Redis still held are left as they were. */
  handed: number;
}

export interface RetriedJob {
  queue: QueueName;
  id: string;
  name: string;
  /** The job's state right after the retry: `waiting`, or already `active` if a worker took it at once. */
  state: string;
}

/** How many failed jobs the overview lists per queue. */
export const FAILED_JOBS_SHOWN = 20;
