import { UnrecoverableError, type Job } from 'bullmq';
import type { DeliveryOutcome } from '../reminder-delivery.service.js';

/** Whether BullMQ will give up after this attempt, so the failure is recorded as final. */
export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * A transient failure throws, so BullMQ retries with its backoff; a permanent one fails the job without retries
 * (it shows in the failed list with its reason). Everything else completes the job.
 */
export function outcomeOrThrow(outcome: DeliveryOutcome): DeliveryOutcome {
  if (outcome.result === 'retry') throw new Error(outcome.reason);
  if (outcome.result === 'failed') throw new UnrecoverableError(outcome.reason);
  return outcome;
}
