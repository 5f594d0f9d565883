import type { Trainer } from './trainer.entity.js';
import type { UpdateTrainerInput } from './trainers.types.js';

export const PROFILE_FIELDS = ['name', 'businessName', 'timeZone', 'currency'] as const;
export const POLICY_FIELDS = [
  'cancellationCutoffHours',
  'minimumNoticeHours',
  'defaultSessionMinutes',
  'reminder1',
  'reminder2',
  'reminder3',
  'makeUpCreditOnLateCancel',
] as const;
export const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/** Reminder lead times are typed in hours (decimals allowed) but stored in minutes. */
const REMINDER_FIELDS = ['reminder1', 'reminder2', 'reminder3'] as const;

function wholeNumber(value: string): number {
  return /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
}

function hoursToMinutes(value: string): number {
  return /^\d{1,4}(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 60) : Number.NaN;
}

export function profileValues(trainer: Trainer): Record<string, string> {
  return {
    name: trainer.user.name,
    businessName: trainer.businessName,
    timeZone: trainer.timeZone,
    currency: trainer.currency,
  };
}

export function policyValues(trainer: Trainer): Record<string, string> {
  const reminders = Object.fromEntries(
    REMINDER_FIELDS.map((field, index) => {
      const minutes = trainer.reminderLeadMinutes[index];
      return [field, minutes === undefined ? '' : String(Math.round((minutes / 60) * 100) / 100)];
    }),
  );
  return {
    cancellationCutoffHours: String(trainer.cancellationCutoffHours),
    minimumNoticeHours: String(trainer.minimumNoticeHours),
    defaultSessionMinutes: String(trainer.defaultSessionMinutes),
    makeUpCreditOnLateCancel: trainer.makeUpCreditOnLateCancel ? 'on' : '',
    ...reminders,
  };
}

/** The policy form as service input; numbers that do not parse become NaN and fail the service's range checks. */
export function toPolicyInput(values: Record<string, string>): UpdateTrainerInput {
  return {
    cancellationCutoffHours: wholeNumber(values.cancellationCutoffHours ?? ''),
    minimumNoticeHours: wholeNumber(values.minimumNoticeHours ?? ''),
    defaultSessionMinutes: wholeNumber(values.defaultSessionMinutes ?? ''),
    reminderLeadMinutes: REMINDER_FIELDS.map((field) => values[field] ?? '')
      .filter((value) => value !== '')
      .map(hoursToMinutes),
    makeUpCreditOnLateCancel: values.makeUpCreditOnLateCancel === 'on',
  };
}

/** Policy errors come back keyed by service field; the form shows reminder problems under the first box. */
export function policyFormErrors(errors: Record<string, string[]>): Record<string, string[]> {
  const { reminderLeadMinutes, ...rest } = errors;
  return reminderLeadMinutes ? { ...rest, reminder1: reminderLeadMinutes } : rest;
}

/** What the password form can tell without asking the server: both fields filled, the new one typed twice alike. */
export function passwordFormErrors(values: Record<string, string>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!values.currentPassword) errors.currentPassword = ['Enter your current password.'];
  if (!values.newPassword) errors.newPassword = ['Choose a new password.'];
  else if (values.newPassword !== values.confirmPassword)
    errors.confirmPassword = ['The two new passwords don’t match.'];
  return errors;
}
