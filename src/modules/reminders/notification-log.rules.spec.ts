import { describe, expect, it } from '@jest/globals';
import { cleanDetail, purposeOf, reasonOf, statusOf } from './notification-log.rules.js';
import { NotificationLogStatus, NotificationPurpose, NotificationReasonCode } from './notification-log.types.js';

const reminder = NotificationPurpose.Reminder;

describe('notification log rules', () => {
  describe('purposeOf', () => {
    it('reads reminders with their lead time and the three notices', () => {
      expect(purposeOf('reminder:1440')).toEqual({ purpose: reminder, leadMinutes: 1440 });
      expect(purposeOf('booking_confirmed').purpose).toBe(NotificationPurpose.Confirmation);
      expect(purposeOf('booking_rescheduled').purpose).toBe(NotificationPurpose.RescheduleNotice);
      expect(purposeOf('booking_cancelled').purpose).toBe(NotificationPurpose.CancellationNotice);
      expect(purposeOf('trainer_copy:cancelled').purpose).toBe(NotificationPurpose.TrainerCopyCancelled);
      expect(purposeOf('something_new')).toEqual({ purpose: NotificationPurpose.Other, leadMinutes: null });
    });
  });

  describe('statusOf', () => {
    it('shows a message the booking no longer needs as skipped', () => {
      expect(statusOf('cancelled')).toBe(NotificationLogStatus.Skipped);
      expect(statusOf('skipped')).toBe(NotificationLogStatus.Skipped);
      expect(statusOf('logged')).toBe(NotificationLogStatus.Logged);
      expect(statusOf('sending')).toBe(NotificationLogStatus.Sending);
    });
  });

  describe('reasonOf', () => {
    const of = (status: string, lastError: string | null, attempts = 1, purpose = reminder) =>
      reasonOf({ status, lastError, attempts, purpose });

    it('says nothing about a message that went out', () => {
      expect(of('sent', null)).toBeNull();
      expect(of('logged', null)).toBeNull();
      expect(of('planned', null, 0)).toBeNull();
    });

    it('explains each skip in a sentence', () => {
      expect(of('skipped', 'no_email')).toEqual({
        code: NotificationReasonCode.NoEmail,
        text: 'Not sent: the client has no email address.',
      });
      expect(of('skipped', 'opted_out')?.text).toBe('Not sent: the client unsubscribed from emails.');
      expect(of('cancelled', 'booking cancelled')?.code).toBe(NotificationReasonCode.BookingCancelled);
      expect(of('cancelled', 'rescheduled')?.text).toBe(
        'Not sent: the session moved, and a reminder for the new time replaces this one.',
      );
      expect(of('cancelled', 'rescheduled again', 0, NotificationPurpose.RescheduleNotice)?.code).toBe(
        NotificationReasonCode.Rescheduled,
      );
      expect(of('cancelled', 'booking no_show')?.text).toBe('Not sent: the session was already marked a no-show.');
      expect(of('cancelled', 'session already started')?.code).toBe(NotificationReasonCode.SessionStarted);
      expect(of('cancelled', 'a reason from a newer worker')?.text).toBe('Not sent: a reason from a newer worker.');
    });

    it('turns a mail error into a sentence without codes or stack lines', () => {
      expect(of('failed', 'EENVELOPE: 550 5.1.1 <x@y.test>: Recipient address rejected', 1)?.text).toBe(
        'The mail server refused it: 550 5.1.1 <x@y.test>: Recipient address rejected.',
      );
      expect(of('failed', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:465', 6)?.text).toBe(
        'Couldn’t reach the mail server (ECONNREFUSED). Gave up after 6 attempts.',
      );
      expect(of('planned', 'ETIMEDOUT: Greeting never received', 2)).toEqual({
        code: NotificationReasonCode.Retrying,
        text: 'Will try again. Couldn’t reach the mail server (ETIMEDOUT).',
      });
    });

    it('keeps one bounded line of anything else', () => {
      const long = `Error: boom\n    at send (/app/dist/mail.js:10:5)\n${'x'.repeat(400)}`;
      expect(cleanDetail(long)).toBe('Error: boom');
      expect(cleanDetail('y'.repeat(400))).toHaveLength(240);
    });
  });
});
