import { NotificationStatus } from '../notifications/notification.entity.js';
import { NotificationLogStatus, NotificationPurpose, NotificationReasonCode } from './notification-log.types.js';

/**
 * How the pipeline's raw notification rows read to a trainer: the purpose column ("reminder:1440"), the status and
 * the machine-ish last_error the relay, the processor and the mail transport write ("booking cancelled",
 * "opted_out", "EENVELOPE: 550 5.1.1 …") become a purpose, a status and one plain sentence. Pure, so both doors and
 * the tests share it.
 */

const NOTICE_PURPOSES: Record<string, NotificationPurpose> = {
  booking_confirmed: NotificationPurpose.Confirmation,
  booking_rescheduled: NotificationPurpose.RescheduleNotice,
  booking_cancelled: NotificationPurpose.CancellationNotice,
  'trainer_copy:booked': NotificationPurpose.TrainerCopyBooked,
  'trainer_copy:cancelled': NotificationPurpose.TrainerCopyCancelled,
};

export function purposeOf(raw: string): { purpose: NotificationPurpose; leadMinutes: number | null } {
  const lead = /^reminder:(\d{1,6})$/.exec(raw)?.[1];
  if (lead) return { purpose: NotificationPurpose.Reminder, leadMinutes: Number(lead) };
  return { purpose: NOTICE_PURPOSES[raw] ?? NotificationPurpose.Other, leadMinutes: null };
}

/** A message the booking no longer needs is "skipped" to the trainer, like one the client must not get. */
export function statusOf(raw: string): NotificationLogStatus {
  switch (raw as NotificationStatus) {
    case NotificationStatus.Planned:
      return NotificationLogStatus.Planned;
    case NotificationStatus.Sending:
      return NotificationLogStatus.Sending;
    case NotificationStatus.Sent:
      return NotificationLogStatus.Sent;
    case NotificationStatus.Logged:
      return NotificationLogStatus.Logged;
    case NotificationStatus.Failed:
      return NotificationLogStatus.Failed;
    default:
      return NotificationLogStatus.Skipped;
  }
}

const MAX_DETAIL = 240;

/** One line of what the server or the pipeline said: no stack, no control characters, bounded. */
export function cleanDetail(text: string): string {
  const line = (text.split(/\r?\n/)[0] ?? '').replace(/\s+at\s+\S+\s*\(.*$/, '');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  const CONTROL = /[\u0000-\u001f\u007f]/g;
  const plain = line.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > MAX_DETAIL ? `${plain.slice(0, MAX_DETAIL - 1).trimEnd()}…` : plain;
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25" → its code and the rest; the mail transport writes that shape. */
function splitCode(detail: string): { code: string | null; text: string } {
  const match = /^([A-Z][A-Z_]{2,}):\s*(.*)$/.exec(detail);
  return match ? { code: match[1] ?? null, text: match[2] ?? '' } : { code: null, text: detail };
}

/** Connection trouble, as nodemailer names it: the server was never reached, so its reply says nothing. */
const NETWORK_CODE = /^E(CONN[A-Z]*|TIMEDOUT|SOCKET|DNS|TLS|PROXY|HOSTUNREACH|NETUNREACH|AI_AGAIN|PIPE|MAXLIMIT)$/;

function failure(detail: string, attempts: number): string {
  const { code, text } = splitCode(cleanDetail(detail));
  let what: string;
  if (code && NETWORK_CODE.test(code)) what = `Couldn’t reach the mail server (${code}).`;
  else if (/^[45]\d\d[\s-]/.test(text)) what = `The mail server refused it: ${sentence(text)}`;
  else what = sentence(`Not sent: ${text || code || 'the mail server gave no reason'}`);
  return attempts > 1 ? `${what} Gave up after ${attempts} attempts.` : what;
}

const BOOKING_STATE = /^booking (pending|confirmed|completed|no_show|cancelled)$/;

/** Why a message was not sent, or what went wrong, as a code and one sentence; null when nothing did. */
export function reasonOf(row: {
  status: string;
  lastError: string | null;
  attempts: number;
  purpose: NotificationPurpose;
}): { code: NotificationReasonCode; text: string } | null {
  const raw = row.lastError?.trim() ?? '';
  const status = row.status as NotificationStatus;
  if (status === NotificationStatus.Sent || status === NotificationStatus.Logged) return null;
  if (status === NotificationStatus.Failed) {
    return { code: NotificationReasonCode.SendFailed, text: failure(raw, row.attempts) };
  }
  if (status === NotificationStatus.Planned || status === NotificationStatus.Sending) {
    if (!raw || row.attempts === 0) return null;
    return {
      code: NotificationReasonCode.Retrying,
      text: `Will try again. ${failure(raw, 1)}`,
    };
  }
  if (raw === 'no_email')
    return { code: NotificationReasonCode.NoEmail, text: 'Not sent: the client has no email address.' };
  if (raw === 'opted_out')
    return { code: NotificationReasonCode.OptedOut, text: 'Not sent: the client unsubscribed from emails.' };
  if (raw === 'booking cancelled')
    return { code: NotificationReasonCode.BookingCancelled, text: 'Not sent: the session was cancelled.' };
  if (raw === 'rescheduled')
    return {
      code: NotificationReasonCode.Rescheduled,
      text:
        row.purpose === NotificationPurpose.Reminder
          ? 'Not sent: the session moved, and a reminder for the new time replaces this one.'
          : 'Not sent: the session moved again, so the client hears of the latest time only.',
    };
  if (raw === 'rescheduled again')
    return {
      code: NotificationReasonCode.Rescheduled,
      text: 'Not sent: the session moved again, so the client hears of the latest time only.',
    };
  if (raw === 'session already started')
    return { code: NotificationReasonCode.SessionStarted, text: 'Not sent: the session had already started.' };
  const state = BOOKING_STATE.exec(raw)?.[1];
  if (state === 'cancelled')
    return { code: NotificationReasonCode.BookingCancelled, text: 'Not sent: the session was cancelled.' };
  if (state === 'completed')
    return { code: NotificationReasonCode.BookingChanged, text: 'Not sent: the session was already marked completed.' };
  if (state === 'no_show')
    return { code: NotificationReasonCode.BookingChanged, text: 'Not sent: the session was already marked a no-show.' };
  if (state)
    return { code: NotificationReasonCode.BookingChanged, text: 'Not sent: the session is no longer cancelled.' };
  return {
    code: NotificationReasonCode.Other,
    text: raw ? sentence(`Not sent: ${cleanDetail(raw)}`) : 'Not sent.',
  };
}
