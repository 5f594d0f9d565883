import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';

export type CheckState = 'ok' | 'down';
export interface Readiness {
  status: CheckState;
  checks: { database: CheckState; redis: CheckState };
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

@Injectable()
export class HealthService {
  constructor(
    private readonly em: EntityManager,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Ready means both stores answer within two seconds; a load balancer stops routing here otherwise. */
  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      this.probe(() => this.em.getConnection().execute('select 1')),
      this.probe(() => this.redis.ping()),
    ]);
    return { status: database === 'ok' && redis === 'ok' ? 'ok' : 'down', checks: { database, redis } };
  }

  private async probe(check: () => Promise<unknown>): Promise<CheckState> {
    try {
      await withTimeout(check());
      return 'ok';
    } catch {
      return 'down';
    }
  }
}
