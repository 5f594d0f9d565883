import { describe, expect, it } from '@jest/globals';
import {
  queueConnectionOptions,
  reconnectDelay,
  REDIS_MAX_RECONNECT_DELAY_MS,
  redisOptions,
} from './redis-connection.js';

describe('redisOptions', () => {
  it('makes the general-purpose client fail fast instead of waiting out an outage', () => {
    const options = redisOptions();
    expect(options.maxRetriesPerRequest).toBeGreaterThanOrEqual(1);
    expect(options.maxRetriesPerRequest).toBeLessThanOrEqual(2);
    expect(options.commandTimeout).toBeLessThanOrEqual(2_000);
    expect(options.enableOfflineQueue).toBe(false);
  });

  it('keeps reconnecting in the background, never giving up', () => {
    for (const attempt of [1, 2, 10, 1_000]) {
      const delay = reconnectDelay(attempt);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThan(REDIS_MAX_RECONNECT_DELAY_MS + 100);
    }
  });
});

describe('queueConnectionOptions', () => {
  it('keeps maxRetriesPerRequest null, which BullMQ requires', () => {
    expect(queueConnectionOptions('redis://127.0.0.1:6379')).toMatchObject({
      url: 'redis://127.0.0.1:6379',
      maxRetriesPerRequest: null,
    });
  });
});
