import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ShutdownState } from '../../common/http/shutdown-state.js';
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
    private readonly shutdown: ShutdownState,
  ) {}

  /**
   * Ready means both stores answer within two seconds and the process is not draining for a shutdown; a load
   * balancer stops routing here otherwise. While draining the checks still report the stores' own state.
   */
  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      this.probe(() => this.em.getConnection().execute('select 1')),
      this.probe(() => this.redis.ping()),
    ]);
    const ready = database === 'ok' && redis === 'ok' && !this.shutdown.draining;
    return { status: ready ? 'ok' : 'down', checks: { database, redis } };
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
