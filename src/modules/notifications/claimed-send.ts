import type { OutgoingEmail, SendResult } from './mail-transport.js';
import { NotificationStatus } from './notification.entity.js';

/** What a claimed send ended as: delivered (or logged), or failed, for now (retry) or for good. */
export type SendOutcome = { result: 'sent' | 'logged' } | { result: 'retry' | 'failed'; reason: string };

/** What a send wrote onto its notification row. */
export interface SentOutcome {
  status: NotificationStatus;
  sentAt: Date | null;
  messageId: string | null;
  error: string | null;
}

/** The notification row's part that a send settles (SendOutcomesRepository). */
export interface SendRecorder {
  record(id: string, outcome: SentOutcome): Promise<void>;
}

/**
 * Sends the email of a notification row this worker has just claimed, and records the result on the row. The
 * Message-ID is the row's: a retry that reaches a server which did take the first attempt is recognisably a copy.
 * A transient failure before the last attempt is a `retry`; the row goes back to `planned` (the job's next attempt
 * claims it again) unless `retryStatus` says otherwise (a trainer copy, which no reconciler re-plans, stays
 * `failed` with a note and is taken back by its attempt number).
 */
export async function sendClaimed(options: {
  claimId: string;
  email: OutgoingEmail;
  send: (email: OutgoingEmail) => Promise<SendResult>;
  recorder: SendRecorder;
  now: Date;
  finalAttempt: boolean;
  retryStatus?: NotificationStatus.Planned | NotificationStatus.Failed;
}): Promise<SendOutcome> {
  const { claimId, recorder } = options;
  const sent = await options.send({ ...options.email, messageId: `<${claimId}@trainerhub>` });
  if (sent.status !== 'failed') {
    await recorder.record(claimId, {
      status: sent.status === 'sent' ? NotificationStatus.Sent : NotificationStatus.Logged,
      sentAt: options.now,
      messageId: sent.messageId,
      error: null,
    });
    return { result: sent.status };
  }
  const error = sent.error ?? 'send failed';
  const retry = sent.transient && !options.finalAttempt;
  const retryStatus = options.retryStatus ?? NotificationStatus.Planned;
  await recorder.record(claimId, {
    status: retry ? retryStatus : NotificationStatus.Failed,
    sentAt: null,
    messageId: sent.messageId,
    error: retry && retryStatus === NotificationStatus.Failed ? `${error} (will retry)` : error,
  });
  return { result: retry ? 'retry' : 'failed', reason: error };
}
