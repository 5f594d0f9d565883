import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import type { Env } from '../../config/env.schema.js';

/** How often each worker process writes its heartbeat. */
export const HEARTBEAT_EVERY_MS = 10_000;
/** A worker not heard from for this long (three missed beats) counts as gone. */
export const HEARTBEAT_STALE_AFTER_MS = 30_000;
/** Entries older than this are dropped, so worker ids of past deploys do not pile up. */
const FORGET_AFTER_MS = 24 * 3600_000;
/** Readiness looks at this many of the most recent workers, however many have come and gone. */
const READ_LIMIT = 50;

export interface WorkerSighting {
  workerId: string;
  lastSeenAt: Date;
}

/**
 * Worker heartbeats in Redis: one sorted set, the worker id as member and its last beat (epoch ms, the worker's
 * clock) as score. Redis rather than PostgreSQL because a heartbeat is disposable (losing it in a FLUSHALL only
 * makes readiness say "stale" until the next beat, ten seconds later) and a write every ten seconds per worker
 * should not churn a table. It uses the fail-fast client, so a Redis outage fails a beat or a read at once.
 */
@Injectable()
export class WorkerHeartbeatRepository {
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: ConfigService<Env, true>,
  ) {
    this.key = `${config.get('REDIS_PREFIX', { infer: true })}:worker-heartbeats`;
  }

  async record(workerId: string, at: Date): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.key, at.getTime(), workerId)
      .zremrangebyscore(this.key, '-inf', at.getTime() - FORGET_AFTER_MS)
      .pexpire(this.key, FORGET_AFTER_MS)
      .exec();
  }

  /** The most recently seen workers, newest first. */
  async recent(): Promise<WorkerSighting[]> {
    // [member, score, …] in RESP2, [[member, score], …] in RESP3 (ioredis 6's default): flatten both alike.
    const reply = ((await this.redis.zrevrange(this.key, 0, READ_LIMIT - 1, 'WITHSCORES')) as unknown[])
      .flat()
      .map(String);
    const sightings: WorkerSighting[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      sightings.push({ workerId: reply[i] as string, lastSeenAt: new Date(Number(reply[i + 1])) });
    }
    return sightings;
  }
}
