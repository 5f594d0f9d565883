import type { BookingEmailSnapshot } from './client-emails.types.js';

/**
 * The trainer-copy job on the emails queue. Its name lives here rather than in common/queue/queues.ts because only
 * the outbox relay enqueues it; the emails processor registers a handler for it (asserted at start).
 */
export enum TrainerCopyJob {
  /** One copy to the trainer of one booking change made through the API. */
  Send = 'trainer-copy',
}

/** What the API did to the session. Reschedules get no copy: the issue asks for bookings and cancels. */
export type TrainerCopyEvent = 'booked' | 'cancelled';

export interface TrainerCopyPayload {
  trainerId: string;
  bookingId: string;
  event: TrainerCopyEvent;
  /** The booking's schedule version at the change: with the event, the claim's key. */
  scheduleVersion: number;
  /** The session's start when the change was relayed (ISO); the copy tells of the session as the API left it. */
  startTime: string;
}

/** The notifications.purpose of a copy: one row (and one claim) per booking, event and schedule version. */
export function trainerCopyPurpose(event: TrainerCopyEvent): string {
  return `trainer_copy:${event}`;
}

/** Deterministic and ':'-free (BullMQ 6 refuses ':' in custom ids): a row relayed twice adds one job. */
export function trainerCopyJobId(payload: Pick<TrainerCopyPayload, 'bookingId' | 'event' | 'scheduleVersion'>): string {
  return `trainer-copy.${payload.bookingId}.${payload.event}.${payload.scheduleVersion}`;
}

/** A booking as the trainer's copy tells it: the client email's snapshot plus the event and its start time. */
export interface TrainerCopySnapshot extends BookingEmailSnapshot {
  event: TrainerCopyEvent;
  /** The start the copy is about (the payload's), which a later move does not rewrite. */
  eventStartTime: Date;
}
