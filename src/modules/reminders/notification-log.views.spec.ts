import { describe, expect, it } from '@jest/globals';
import { NotificationLogStatus, NotificationPurpose, type NotificationLogEntry } from './notification-log.types.js';
import { leadTimeLabel, notificationTitle, toNotificationTimeline } from './notification-log.views.js';

function entry(overrides: Partial<NotificationLogEntry>): NotificationLogEntry {
  return {
    id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
    purpose: NotificationPurpose.Reminder,
    leadMinutes: 1440,
    channel: 'email',
    status: NotificationLogStatus.Planned,
    scheduleVersion: 0,
    scheduledFor: new Date('2026-12-02T09:00:00Z'),
    sentAt: null,
    attempts: 0,
    recipient: null,
    reasonCode: null,
    reason: null,
    providerMessageId: null,
    updatedAt: new Date('2026-11-28T17:00:00Z'),
    ...overrides,
  };
}

describe('notification timeline views', () => {
  it('names each message as a trainer reads it', () => {
    expect(notificationTitle(entry({}))).toBe('Reminder, 24 hours before');
    expect(notificationTitle(entry({ leadMinutes: 120 }))).toBe('Reminder, 2 hours before');
    expect(leadTimeLabel(2880)).toBe('2 days before');
    expect(leadTimeLabel(90)).toBe('90 minutes before');
    expect(notificationTitle(entry({ purpose: NotificationPurpose.CancellationNotice, leadMinutes: null }))).toBe(
      'Cancellation notice',
    );
  });

  it('writes times in the trainer’s zone and sums up the statuses', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const view = toNotificationTimeline(
      {
        bookingId: 'b',
        entries: [
          entry({
            status: NotificationLogStatus.Sent,
            sentAt: new Date('2026-12-02T09:00:01Z'),
            recipient: 'łukasz@example.test',
          }),
          entry({ status: NotificationLogStatus.Failed, reason: 'The mail server refused it: 550.' }),
          entry({ leadMinutes: 120, scheduledFor: new Date('2026-12-03T07:00:00Z') }),
        ],
      },
      'America/New_York',
      now,
    );
    expect(view.entries[0]).toMatchObject({
      whenLabel: 'Sent',
      when: 'Wed 2 Dec, 04:00',
      recipient: 'łukasz@example.test',
      statusLabel: 'Sent',
    });
    expect(view.entries[1]).toMatchObject({ tone: 'failed', reason: 'The mail server refused it: 550.' });
    expect(view.entries[2]).toMatchObject({ whenLabel: 'Goes out', when: 'Thu 3 Dec, 02:00' });
    expect(view.summary).toBe('1 sent · 1 failed · 1 planned');
    expect(view.hasFailures).toBe(true);
  });

  it('has an empty state', () => {
    const view = toNotificationTimeline({ bookingId: 'b', entries: [] }, 'UTC');
    expect(view.entries).toEqual([]);
    expect(view.summary).toBe('');
    expect(view.emptyText).toMatch(/^No emails for this session yet\./);
  });
});
