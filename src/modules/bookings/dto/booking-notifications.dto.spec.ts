import { describe, expect, it } from '@jest/globals';
import fastJson from 'fast-json-stringify';
import { dtoJsonSchema } from '../../../common/serialization/dto-json-schema.js';
import {
  NotificationLogStatus,
  NotificationPurpose,
  NotificationReasonCode,
} from '../../reminders/notification-log.types.js';
import { BookingNotificationLogDto, toBookingNotificationLog } from './booking-notifications.dto.js';

describe('BookingNotificationLogDto response serializer', () => {
  const stringify = fastJson(dtoJsonSchema(BookingNotificationLogDto) as Parameters<typeof fastJson>[0]);

  it('serializes a log to the same bytes as JSON.stringify, nulls and Unicode included', () => {
    const log = toBookingNotificationLog({
      bookingId: '6f1d0c7e-8a55-4b1e-9a47-0c2f3c1d9e10',
      entries: [
        {
          id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
          purpose: NotificationPurpose.Reminder,
          leadMinutes: 1440,
          channel: 'email',
          status: NotificationLogStatus.Failed,
          scheduleVersion: 2,
          scheduledFor: new Date('2031-03-03T09:00:00.000Z'),
          sentAt: null,
          attempts: 6,
          recipient: 'siobhán@例え.test',
          reasonCode: NotificationReasonCode.SendFailed,
          reason: 'The mail server refused it: 550 “no” \u2028 </script>.',
          providerMessageId: '<9a1b2c3d@trainerhub>',
          updatedAt: new Date('2031-03-03T09:00:02.000Z'),
        },
        {
          id: '5c4b3a2d-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
          purpose: NotificationPurpose.Confirmation,
          leadMinutes: null,
          channel: 'email',
          status: NotificationLogStatus.Planned,
          scheduleVersion: 0,
          scheduledFor: new Date('2031-03-01T09:00:00.000Z'),
          sentAt: null,
          attempts: 0,
          recipient: null,
          reasonCode: null,
          reason: null,
          providerMessageId: null,
          updatedAt: new Date('2031-03-01T09:00:00.000Z'),
        },
      ],
    });
    expect(stringify(log)).toBe(JSON.stringify(log));
    const empty = toBookingNotificationLog({ bookingId: log.bookingId, entries: [] });
    expect(stringify(empty)).toBe(JSON.stringify(empty));
  });
});
