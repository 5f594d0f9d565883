import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import { reportQueueErrors } from './queue-error-reporter.js';

/** A loopback port with nothing listening: every connection attempt fails, as during a Redis cut. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('No port');
  return address.port;
}

describe('reportQueueErrors', () => {
  const queues: Queue[] = [];

  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(queues.splice(0).map((queue) => queue.close().catch(() => undefined)));
  });

  it('turns a Redis outage into one warning instead of a console.error per reconnect', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const warnings: string[] = [];
    const port = await closedPort();
    for (const name of ['reminders', 'rollups']) {
      // Fast reconnects so the test sees many failures in a short time.
      queues.push(
        new Queue(name, {
          connection: { host: '127.0.0.1', port, maxRetriesPerRequest: null, retryStrategy: () => 20 },
        }),
      );
    }
    // Counts the errors without adding a listener of its own (a listener alone would silence BullMQ).
    const emits = queues.map((queue) => jest.spyOn(queue, 'emit'));
    const errors = () =>
      emits.reduce((sum, spy) => sum + spy.mock.calls.filter(([event]) => event === 'error').length, 0);
    reportQueueErrors(queues, { warn: (message) => warnings.push(message) });

    const deadline = Date.now() + 3_000;
    while (errors() < 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(errors()).toBeGreaterThanOrEqual(6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot reach Redis \(.*ECONNREFUSED/);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('warns again once the window has passed, counting what it held back', () => {
    const listeners: Array<(error: Error) => void> = [];
    const warnings: string[] = [];
    const queue = {
      name: 'reminders',
      on: (_event: 'error', listener: (error: Error) => void) => listeners.push(listener),
    };
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000);
    reportQueueErrors([queue], { warn: (message) => warnings.push(message) }, 60_000);
    const fail = () => listeners.forEach((listener) => listener(new Error('read ECONNRESET')));

    fail();
    fail();
    fail();
    now.mockReturnValue(61_001);
    fail();

    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('2 more queue errors since the last warning');
  });
});
