import { formatDateTime } from '../../common/time/format.js';
import {
  NotificationLogStatus,
  NotificationPurpose,
  type BookingNotificationLog,
  type NotificationLogEntry,
} from './notification-log.types.js';

/** A booking's notification timeline as templates read it (partials/bookings/notifications.hbs): strings and flags. */

const STATUS_LABELS: Record<NotificationLogStatus, string> = {
  [NotificationLogStatus.Planned]: 'Planned',
  [NotificationLogStatus.Sending]: 'Sending',
  [NotificationLogStatus.Sent]: 'Sent',
  [NotificationLogStatus.Logged]: 'Logged',
  [NotificationLogStatus.Failed]: 'Failed',
  [NotificationLogStatus.Skipped]: 'Skipped',
};

/** The summary's order: what went out, what went wrong, then what is still to come. */
const SUMMARY_ORDER: readonly NotificationLogStatus[] = [
  NotificationLogStatus.Sent,
  NotificationLogStatus.Logged,
  NotificationLogStatus.Failed,
  NotificationLogStatus.Skipped,
  NotificationLogStatus.Sending,
  NotificationLogStatus.Planned,
];

const PURPOSE_TITLES: Record<Exclude<NotificationPurpose, NotificationPurpose.Reminder>, string> = {
  [NotificationPurpose.Confirmation]: 'Booking confirmation',
  [NotificationPurpose.RescheduleNotice]: 'Reschedule notice',
  [NotificationPurpose.CancellationNotice]: 'Cancellation notice',
  [NotificationPurpose.TrainerCopyBooked]: 'Your copy: session booked',
  [NotificationPurpose.TrainerCopyCancelled]: 'Your copy: session cancelled',
  [NotificationPurpose.Other]: 'Email',
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "24 hours before", "2 days before", "90 minutes before": the lead time as the settings page words it. */
export function leadTimeLabel(minutes: number): string {
  if (minutes >= 2880 && minutes % 1440 === 0) return `${plural(minutes / 1440, 'day')} before`;
  if (minutes % 60 === 0) return `${plural(minutes / 60, 'hour')} before`;
  return `${plural(minutes, 'minute')} before`;
}

export function notificationTitle(entry: Pick<NotificationLogEntry, 'purpose' | 'leadMinutes'>): string {
  if (entry.purpose === NotificationPurpose.Reminder) return `Reminder, ${leadTimeLabel(entry.leadMinutes ?? 0)}`;
  return PURPOSE_TITLES[entry.purpose];
}

/** Which instant a row is about, and how the line before it reads ("Sent", "Goes out", "Was due"). */
function moment(entry: NotificationLogEntry, now: Date): { label: string; at: Date } {
  const due = entry.scheduledFor.getTime() > now.getTime();
  switch (entry.status) {
    case NotificationLogStatus.Sent:
      return { label: 'Sent', at: entry.sentAt ?? entry.updatedAt };
    case NotificationLogStatus.Logged:
      return { label: 'Logged', at: entry.sentAt ?? entry.updatedAt };
    case NotificationLogStatus.Failed:
      return { label: 'Failed', at: entry.updatedAt };
    case NotificationLogStatus.Sending:
      return { label: 'Sending since', at: entry.updatedAt };
    case NotificationLogStatus.Planned:
      return { label: due ? 'Goes out' : 'Due', at: entry.scheduledFor };
    default:
      return { label: due ? 'Was planned for' : 'Was due', at: entry.scheduledFor };
  }
}

export interface NotificationEntryView {
  domId: string;
  title: string;
  /** One of the NotificationLogStatus values: the template picks the marker and colours by it. */
  tone: NotificationLogStatus;
  statusLabel: string;
  whenLabel: string;
  when: string;
  datetime: string;
  recipient: string | null;
  reason: string | null;
  /** A fact that is not a problem (written to the log instead of sent; several attempts). */
  note: string | null;
}

export interface NotificationTimelineView {
  entries: NotificationEntryView[];
  /** "2 sent · 1 failed · 1 planned"; empty when there is nothing yet. */
  summary: string;
  emptyText: string;
  hasFailures: boolean;
}

function toEntryView(entry: NotificationLogEntry, timeZone: string, now: Date): NotificationEntryView {
  const { label, at } = moment(entry, now);
  const notes = [
    entry.status === NotificationLogStatus.Logged
      ? 'No mail server is set up, so the email was written to the log instead of sent.'
      : null,
    entry.attempts > 1 && entry.status === NotificationLogStatus.Sent ? `Went out on attempt ${entry.attempts}.` : null,
  ].filter((note): note is string => note !== null);
  return {
    domId: `notification-${entry.id}`,
    title: notificationTitle(entry),
    tone: entry.status,
    statusLabel: STATUS_LABELS[entry.status],
    whenLabel: label,
    when: formatDateTime(at, timeZone),
    datetime: at.toISOString(),
    recipient:
      entry.recipient &&
      [NotificationLogStatus.Sent, NotificationLogStatus.Failed, NotificationLogStatus.Sending].includes(entry.status)
        ? entry.recipient
        : null,
    reason: entry.reason,
    note: notes.length > 0 ? notes.join(' ') : null,
  };
}

export function toNotificationTimeline(
  log: BookingNotificationLog,
  timeZone: string,
  now = new Date(),
): NotificationTimelineView {
  const counts = new Map<NotificationLogStatus, number>();
  for (const entry of log.entries) counts.set(entry.status, (counts.get(entry.status) ?? 0) + 1);
  return {
    entries: log.entries.map((entry) => toEntryView(entry, timeZone, now)),
    summary: SUMMARY_ORDER.filter((status) => counts.has(status))
      .map((status) => `${counts.get(status)} ${STATUS_LABELS[status].toLowerCase()}`)
      .join(' · '),
    emptyText: 'No emails for this session yet. Its confirmation and reminders show here once they’re planned.',
    hasFailures: counts.has(NotificationLogStatus.Failed),
  };
}
