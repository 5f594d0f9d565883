import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { MaintenanceJob } from '../../../common/queue/queues.js';
import type { MaintenanceService } from '../maintenance.service.js';
import { MaintenanceProcessor } from './maintenance.processor.js';

function processorWith(service: Partial<MaintenanceService>): MaintenanceProcessor {
  return new MaintenanceProcessor(service as MaintenanceService);
}

const job = (name: string) => ({ name, data: {} }) as Job;

describe(MaintenanceProcessor.name, () => {
  // The processor logs each run's summary; keep the test output clean.
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('has a handler for every maintenance job, checked at start', () => {
    expect(() => processorWith({}).onModuleInit()).not.toThrow();
  });

  it('runs the outbox cleanup for its job and answers its summary', async () => {
    const summary = { deleted: 3, batches: 1, cutoff: '2031-03-03T04:00:00.000Z' };
    const cleanupProcessedOutbox = jest.fn(async () => summary);
    const processor = processorWith({ cleanupProcessedOutbox } as Partial<MaintenanceService>);
    await expect(processor.process(job(MaintenanceJob.CleanupOutbox))).resolves.toEqual(summary);
    expect(cleanupProcessedOutbox).toHaveBeenCalledTimes(1);
  });

  it('fails an unknown job for good instead of retrying it', async () => {
    await expect(processorWith({}).process(job('defragment-everything'))).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
