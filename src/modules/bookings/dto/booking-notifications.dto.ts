import { ApiProperty } from '@nestjs/swagger';
import {
  NotificationLogStatus,
  NotificationPurpose,
  NotificationReasonCode,
  type BookingNotificationLog,
  type NotificationLogEntry,
} from '../../reminders/notification-log.types.js';

export class BookingNotificationDto {
  @ApiProperty({ format: 'uuid', example: '3d6f1c2a-9b8e-4f7d-a1c0-5e4b3a2d1f0e' })
  id: string;

  @ApiProperty({
    enum: NotificationPurpose,
    enumName: 'NotificationPurpose',
    description:
      'What the message is for: the booking confirmation, a reschedule or cancellation notice, a reminder ' +
      '(`leadMinutes` says how long before the session), or the trainer’s own copy of a session booked or ' +
      'cancelled through the API.',
    example: NotificationPurpose.Reminder,
  })
  purpose: NotificationPurpose;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'For a reminder: minutes before the session it is due (1440 is the 24-hour reminder); else null.',
    example: 1440,
  })
  leadMinutes: number | null;

  @ApiProperty({ enum: ['email', 'log'], description: 'How it goes out.', example: 'email' })
  channel: string;

  @ApiProperty({
    enum: NotificationLogStatus,
    enumName: 'NotificationLogStatus',
    description:
      '`planned` (waiting for its time), `sending` (a worker is sending it now), `sent`, `logged` (no mail server ' +
      'is set up, so it was written to the log), `failed` (for good, after the retries), or `skipped`: the client ' +
      'gets no email (none on file, or unsubscribed), or the booking no longer needs it (cancelled, moved, already ' +
      'started). `reason` says why.',
    example: NotificationLogStatus.Sent,
  })
  status: NotificationLogStatus;

  @ApiProperty({
    description: 'The version of the session’s time it belongs to; each reschedule adds one.',
    example: 0,
  })
  scheduleVersion: number;

  @ApiProperty({
    format: 'date-time',
    description: 'When it is (or was) due to go out. Reminders move earlier out of quiet hours, never later.',
    example: '2026-12-02T09:00:00.000Z',
  })
  scheduledFor: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it went out (or was written to the log); null until then.',
    example: '2026-12-02T09:00:01.214Z',
  })
  sentAt: string | null;

  @ApiProperty({ description: 'Send attempts so far; retries after a transient mail error count.', example: 1 })
  attempts: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The address it was sent to; null while it has not been tried.',
    example: 'siobhan@example.com',
  })
  recipient: string | null;

  @ApiProperty({
    enum: NotificationReasonCode,
    enumName: 'NotificationReasonCode',
    nullable: true,
    description: 'Why it was skipped, failed or is being retried, as a code; null when nothing is wrong.',
    example: null,
  })
  reasonCode: NotificationReasonCode | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The same as one sentence to show people (no stack traces); null when nothing is wrong.',
    example: null,
  })
  reason: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The Message-ID it went out with, to find it in the mail provider’s logs.',
    example: '<3d6f1c2a-9b8e-4f7d-a1c0-5e4b3a2d1f0e@trainerhub>',
  })
  providerMessageId: string | null;

  @ApiProperty({
    format: 'date-time',
    description: 'When the entry last changed: planned, claimed, sent, skipped or failed.',
    example: '2026-12-02T09:00:01.230Z',
  })
  updatedAt: string;
}

export class BookingNotificationLogDto {
  @ApiProperty({ format: 'uuid', example: '6f1d0c7e-8a55-4b1e-9a47-0c2f3c1d9e10' })
  bookingId: string;

  @ApiProperty({
    type: [BookingNotificationDto],
    description:
      'Every confirmation, notice and reminder of the session, by `scheduledFor` (soonest first). Reminders of an ' +
      'earlier time of a rescheduled session stay, as `skipped`.',
    example: [
      {
        id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
        purpose: NotificationPurpose.Confirmation,
        leadMinutes: null,
        channel: 'email',
        status: NotificationLogStatus.Sent,
        scheduleVersion: 0,
        scheduledFor: '2026-11-28T17:05:12.000Z',
        sentAt: '2026-11-28T17:05:13.402Z',
        attempts: 1,
        recipient: 'siobhan@example.com',
        reasonCode: null,
        reason: null,
        providerMessageId: '<9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d@trainerhub>',
        updatedAt: '2026-11-28T17:05:13.410Z',
      },
      {
        id: '3d6f1c2a-9b8e-4f7d-a1c0-5e4b3a2d1f0e',
        purpose: NotificationPurpose.Reminder,
        leadMinutes: 1440,
        channel: 'email',
        status: NotificationLogStatus.Failed,
        scheduleVersion: 0,
        scheduledFor: '2026-12-02T09:00:00.000Z',
        sentAt: null,
        attempts: 1,
        recipient: 'siobhan@example.com',
        reasonCode: NotificationReasonCode.SendFailed,
        reason: 'The mail server refused it: 550 5.1.1 Mailbox unavailable.',
        providerMessageId: '<3d6f1c2a-9b8e-4f7d-a1c0-5e4b3a2d1f0e@trainerhub>',
        updatedAt: '2026-12-02T09:00:02.118Z',
      },
      {
        id: '5c4b3a2d-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
        purpose: NotificationPurpose.Reminder,
        leadMinutes: 120,
        channel: 'email',
        status: NotificationLogStatus.Planned,
        scheduleVersion: 0,
        scheduledFor: '2026-12-03T07:00:00.000Z',
        sentAt: null,
        attempts: 0,
        recipient: null,
        reasonCode: null,
        reason: null,
        providerMessageId: null,
        updatedAt: '2026-11-28T17:05:12.000Z',
      },
    ],
  })
  items: BookingNotificationDto[];
}

export function toBookingNotification(entry: NotificationLogEntry): BookingNotificationDto {
  return {
    id: entry.id,
    purpose: entry.purpose,
    leadMinutes: entry.leadMinutes,
    channel: entry.channel,
    status: entry.status,
    scheduleVersion: entry.scheduleVersion,
    scheduledFor: entry.scheduledFor.toISOString(),
    sentAt: entry.sentAt?.toISOString() ?? null,
    attempts: entry.attempts,
    recipient: entry.recipient,
    reasonCode: entry.reasonCode,
    reason: entry.reason,
    providerMessageId: entry.providerMessageId,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export function toBookingNotificationLog(log: BookingNotificationLog): BookingNotificationLogDto {
  return { bookingId: log.bookingId, items: log.entries.map(toBookingNotification) };
}
