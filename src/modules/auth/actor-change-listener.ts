import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pg from 'pg';
import type { Env } from '../../config/env.schema.js';
import { SESSION_OPTIONS } from '../../database/orm-config.js';
import { ActorCache } from './actor-cache.js';

/** The channel the users and trainers triggers notify (migration ..._actor_changed_notify). */
export const ACTOR_CHANGED_CHANNEL = 'actor_changed';
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * One connection per web process that LISTENs for account changes and evicts them from the ActorCache. The
 * cache is used only while this connection is up: when it drops (PostgreSQL restarted, the network cut), the
 * cache goes dark at once and every request reads the account again, and it reconnects with backoff. The
 * worker never starts it, so there the cache stays dark. An empty payload (TRUNCATE) evicts everything.
 */
@Injectable()
export class ActorChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActorChangeListener.name);
  private client: pg.Client | null = null;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly cache: ActorCache,
    private readonly config: ConfigService<Env, true>,
  ) {}

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.cache.goDark();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.get('DATABASE_URL', { infer: true }),
      options: SESSION_OPTIONS,
      connectionTimeoutMillis: 5_000,
      // A silently dead peer (a cut cable rather than a closed socket) is found by TCP keepalive.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      this.lost(client, error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.payload) this.cache.forget(message.payload);
      else this.cache.forgetAll();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ACTOR_CHANGED_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (lost || this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    this.cache.goLive();
  }

  private lost(client: pg.Client, error?: Error): void {
    this.cache.goDark();
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(
      `Account change listener disconnected (${error?.message ?? 'connection ended'}); accounts are read on every request until it reconnects.`,
    );
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
