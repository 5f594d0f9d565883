import { ApiProperty } from '@nestjs/swagger';
import { ALL_QUEUES, QueueName } from '../../../common/queue/queues.js';
import type { FailedJobSummary, QueueOverview, QueuesOverview } from '../admin-queues.types.js';

export class QueueCountsDto {
  /** Ready to run, waiting for a free worker. */
  @ApiProperty({ example: 0 })
  waiting: number;

  /** Running now. */
  @ApiProperty({ example: 1 })
  active: number;

  /** Waiting for their time (future reminders) or for a retry's backoff. */
  @ApiProperty({ example: 1840 })
  delayed: number;

  @ApiProperty({ example: 0 })
  prioritized: number;

  @ApiProperty({ example: 0 })
  waitingChildren: number;

  /** Kept for a week, at most 1,000 per queue unless a job asks for longer. */
  @ApiProperty({ example: 312 })
  completed: number;

  /** Kept for a month, at most 5,000 per queue unless a job asks otherwise. */
  @ApiProperty({ example: 2 })
  failed: number;
}

export class FailedJobDto {
  /** Pass to `POST /api/v1/admin/jobs/{queue}/{id}/retry`. */
  @ApiProperty({ example: 'reminder.9b2f4c1e-7d3a-4f6b-8e21-5c0d9a7b3e14.1440.0' })
  id: string;

  @ApiProperty({ example: 'send-reminder' })
  name: string;

  /** The error of the last attempt. */
  @ApiProperty({ example: '550 5.1.1 <siobhan@example.ie>: Recipient address rejected' })
  failedReason: string;

  @ApiProperty({ example: 6 })
  attemptsMade: number;

  /** When the job was added. */
  @ApiProperty({ format: 'date-time', example: '2026-12-03T08:00:00.000Z' })
  timestamp: string;

  /** When its last attempt failed; null if unknown. */
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2026-12-03T09:02:10.000Z' })
  failedAt: string | null;
}

export class QueueOverviewDto {
  @ApiProperty({ enum: ALL_QUEUES, enumName: 'QueueName', example: QueueName.Reminders })
  name: QueueName;

  @ApiProperty({ example: false })
  paused: boolean;

  @ApiProperty({ type: QueueCountsDto })
  counts: QueueCountsDto;

  /**
   * How long, in seconds, the longest-waiting job has been due: the oldest waiting job, or a delayed job whose
   * time has passed (none is promoted while no worker runs). Null when nothing is due. A figure that keeps growing
   * means the workers are down or cannot keep up.
   */
  @ApiProperty({ type: Number, nullable: true, example: 3 })
  oldestWaitingSeconds: number | null;

  /** The 20 newest failed jobs, newest first. */
  @ApiProperty({ type: [FailedJobDto] })
  failed: FailedJobDto[];
}

export class QueuesOverviewDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-04T10:15:00.000Z' })
  checkedAt: string;

  /** Every queue, in a fixed order: reminders, emails, rollups, maintenance. */
  @ApiProperty({ type: [QueueOverviewDto] })
  queues: QueueOverviewDto[];
}

function toFailedJob(job: FailedJobSummary): FailedJobDto {
  return {
    id: job.id,
    name: job.name,
    failedReason: job.failedReason,
    attemptsMade: job.attemptsMade,
    timestamp: job.timestamp.toISOString(),
    failedAt: job.failedAt ? job.failedAt.toISOString() : null,
  };
}

function toQueueOverview(queue: QueueOverview): QueueOverviewDto {
  return {
    name: queue.name,
    paused: queue.paused,
    counts: { ...queue.counts },
    oldestWaitingSeconds: queue.oldestWaitingSeconds,
    failed: queue.failed.map(toFailedJob),
  };
}

export function toQueuesOverview(overview: QueuesOverview): QueuesOverviewDto {
  return { checkedAt: overview.checkedAt.toISOString(), queues: overview.queues.map(toQueueOverview) };
}
