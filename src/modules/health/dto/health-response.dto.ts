import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  /** Always "ok" when the process answers. */
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['ok', 'down'], example: 'ok' })
  database: 'ok' | 'down';

  @ApiProperty({ enum: ['ok', 'down'], example: 'ok' })
  redis: 'ok' | 'down';
}

/** Reported only: a worker that is down never makes the web process unready. */
export class WorkerReadinessDto {
  /** `ok`: a worker wrote its heartbeat in the last 30 s; `stale`: none did; `unknown`: Redis could not be read. */
  @ApiProperty({ enum: ['ok', 'stale', 'unknown'], example: 'ok' })
  status: 'ok' | 'stale' | 'unknown';

  /** Seconds since the most recent heartbeat of any worker; null when none was seen in the last day. */
  @ApiProperty({ type: Number, nullable: true, example: 4 })
  lastSeenSeconds: number | null;

  /** Worker processes heard from in the last 30 s. */
  @ApiProperty({ example: 2 })
  live: number;
}

/** Reported only: a backlog never makes the web process unready (the rows wait safely in PostgreSQL). */
export class OutboxReadinessDto {
  /** `lagging`: the oldest row waiting for the relay is over a minute old; `unknown`: PostgreSQL could not be read. */
  @ApiProperty({ enum: ['ok', 'lagging', 'unknown'], example: 'ok' })
  status: 'ok' | 'lagging' | 'unknown';

  /** Outbox rows not yet moved to the job queues, counted up to 10,000; null when unknown. */
  @ApiProperty({ type: Number, nullable: true, example: 0 })
  pending: number | null;

  /** Age in seconds of the oldest row still waiting; null when none is (or unknown). */
  @ApiProperty({ type: Number, nullable: true, example: null })
  oldestPendingSeconds: number | null;
}

export class ReadinessResponseDto {
  /** "ok" when PostgreSQL and Redis answer and the process is not shutting down; the worker and outbox do not count. */
  @ApiProperty({ enum: ['ok', 'down'], example: 'ok' })
  status: 'ok' | 'down';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;

  @ApiProperty({ type: WorkerReadinessDto })
  worker: WorkerReadinessDto;

  @ApiProperty({ type: OutboxReadinessDto })
  outbox: OutboxReadinessDto;
}
