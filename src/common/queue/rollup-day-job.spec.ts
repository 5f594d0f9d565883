import { describe, expect, it } from '@jest/globals';
import { ROLLUP_DEBOUNCE_MS, ROLLUP_SETTLE_MS, rollupDayJob } from './queues.js';

const payload = { trainerId: '3f0e2b1c-5d4a-4e7b-9c2d-1a2b3c4d5e6f', day: '2026-03-29' };
const windowStart = 1_900_000_000_000 - (1_900_000_000_000 % ROLLUP_DEBOUNCE_MS);

describe(rollupDayJob.name, () => {
  it('gives every change inside one window the same id', () => {
    const first = rollupDayJob(payload, windowStart);
    const last = rollupDayJob(payload, windowStart + ROLLUP_DEBOUNCE_MS - 1);
    expect(last.jobId).toBe(first.jobId);
    expect(first.jobId).toBe(`rollup.${payload.trainerId}.${payload.day}.${windowStart / ROLLUP_DEBOUNCE_MS}`);
  });

  it('starts the job only after its window has closed, whenever in the window the change came', () => {
    for (const offset of [0, 1, 2_500, ROLLUP_DEBOUNCE_MS - 1]) {
      const { delay } = rollupDayJob(payload, windowStart + offset);
      expect(windowStart + offset + delay).toBe(windowStart + ROLLUP_DEBOUNCE_MS + ROLLUP_SETTLE_MS);
    }
  });

  it('gives the next window, another day or another trainer a different id', () => {
    const id = rollupDayJob(payload, windowStart).jobId;
    expect(rollupDayJob(payload, windowStart + ROLLUP_DEBOUNCE_MS).jobId).not.toBe(id);
    expect(rollupDayJob({ ...payload, day: '2026-03-30' }, windowStart).jobId).not.toBe(id);
    expect(rollupDayJob({ ...payload, trainerId: payload.trainerId.replace('3f', '4f') }, windowStart).jobId).not.toBe(
      id,
    );
  });

  it('makes ids BullMQ accepts: no colon, not an integer', () => {
    const { jobId } = rollupDayJob(payload, windowStart);
    expect(jobId).not.toContain(':');
    expect(String(parseInt(jobId, 10))).not.toBe(jobId);
  });
});
