import { describe, expect, it } from '@jest/globals';
import { isInfrastructureError } from '../errors/infrastructure-error.js';
import { QueueCallTimeoutError, withQueueTimeout } from './queue-call-timeout.js';

describe(withQueueTimeout.name, () => {
  it('rejects a call that never answers with an error that reads as an outage (503), not a bug (500)', async () => {
    const hanging = new Promise<never>(() => undefined);
    const error = await withQueueTimeout(hanging, 'the test read', 20).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueCallTimeoutError);
    expect((error as Error).message).toBe('Redis did not answer the test read within 20 ms');
    expect(isInfrastructureError(error)).toBe(true);
  });

  it('answers what the call answers in time', async () => {
    await expect(withQueueTimeout(Promise.resolve(42), 'the test read', 1_000)).resolves.toBe(42);
  });

  it('swallows the late rejection of a call it gave up on', async () => {
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<never>((_, reject) => (fail = reject));
    await expect(withQueueTimeout(late, 'the test read', 10)).rejects.toBeInstanceOf(QueueCallTimeoutError);
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      fail(new Error('Connection is closed.'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
