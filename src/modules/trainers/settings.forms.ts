import type { Trainer } from './trainer.entity.js';
import type { UpdateTrainerInput } from './trainers.types.js';

export const PROFILE_FIELDS = ['name', 'businessName', 'timeZone', 'currency'] as const;
export const POLICY_FIELDS = [
  'cancellationCutoffHours',
  'minimumNoticeHours',
  'defaultSessionMinutes',
  'makeUpCreditOnLateCancel',
] as const;
export const REMINDER_SETTINGS_FIELDS = [
  'reminder1',
  'reminder2',
  'reminder3',
  'quietHoursEnabled',
  'quietHoursStart',
  'quietHoursEnd',
  'trainerCopiesEnabled',
  'creditNoticesEnabled',
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

/** A time box sends "HH:MM" (some browsers add ":00" seconds); anything else goes on as typed, for the service to refuse. */
function localTime(value: string): string {
  return /^\d{2}:\d{2}:00$/.test(value) ? value.slice(0, 5) : value;
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
  return {
    cancellationCutoffHours: String(trainer.cancellationCutoffHours),
    minimumNoticeHours: String(trainer.minimumNoticeHours),
    defaultSessionMinutes: String(trainer.defaultSessionMinutes),
    makeUpCreditOnLateCancel: trainer.makeUpCreditOnLateCancel ? 'on' : '',
  };
}

/** The policy form as service input; numbers that do not parse become NaN and fail the service's range checks. */
export function toPolicyInput(values: Record<string, string>): UpdateTrainerInput {
  return {
    cancellationCutoffHours: wholeNumber(values.cancellationCutoffHours ?? ''),
    minimumNoticeHours: wholeNumber(values.minimumNoticeHours ?? ''),
    defaultSessionMinutes: wholeNumber(values.defaultSessionMinutes ?? ''),
    makeUpCreditOnLateCancel: values.makeUpCreditOnLateCancel === 'on',
  };
}

export function reminderSettingsValues(trainer: Trainer): Record<string, string> {
  const reminders = Object.fromEntries(
    REMINDER_FIELDS.map((field, index) => {
      const minutes = trainer.reminderLeadMinutes[index];
      return [field, minutes === undefined ? '' : String(Math.round((minutes / 60) * 100) / 100)];
    }),
  );
  return {
    ...reminders,
    quietHoursEnabled: trainer.quietHoursEnabled ? 'on' : '',
    quietHoursStart: trainer.quietHoursStart,
    quietHoursEnd: trainer.quietHoursEnd,
    trainerCopiesEnabled: trainer.trainerCopiesEnabled ? 'on' : '',
    creditNoticesEnabled: trainer.creditNoticesEnabled ? 'on' : '',
  };
}

/**
 * The reminders form as service input. Unticked boxes are absent from a form post, so they mean "off". Empty time
 * boxes keep the saved window (a trainer switching quiet hours off need not fill them in).
 */
export function toReminderSettingsInput(values: Record<string, string>): UpdateTrainerInput {
  const start = values.quietHoursStart ?? '';
  const end = values.quietHoursEnd ?? '';
  const enabled = values.quietHoursEnabled === 'on';
  return {
    reminderLeadMinutes: REMINDER_FIELDS.map((field) => values[field] ?? '')
      .filter((value) => value !== '')
      .map(hoursToMinutes),
    quietHoursEnabled: enabled,
    // Switched on, both ends are needed: an empty box is refused rather than silently kept.
    ...(start !== '' || enabled ? { quietHoursStart: localTime(start) } : {}),
    ...(end !== '' || enabled ? { quietHoursEnd: localTime(end) } : {}),
    trainerCopiesEnabled: values.trainerCopiesEnabled === 'on',
    creditNoticesEnabled: values.creditNoticesEnabled === 'on',
  };
}

/** Reminder errors come back keyed by service field; the form shows lead-time problems under the first box. */
export function reminderSettingsFormErrors(errors: Record<string, string[]>): Record<string, string[]> {
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
