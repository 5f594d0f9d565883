/** Everything a trainer may change about their profile and policies; every field optional. */
export interface UpdateTrainerInput {
  name?: string;
  businessName?: string;
  timeZone?: string;
  currency?: string;
  cancellationCutoffHours?: number;
  minimumNoticeHours?: number;
  defaultSessionMinutes?: number;
  reminderLeadMinutes?: number[];
  makeUpCreditOnLateCancel?: boolean;
}

export const SETTINGS_LIMITS = {
  cutoffHours: { min: 0, max: 720 },
  noticeHours: { min: 0, max: 720 },
  sessionMinutes: { min: 5, max: 720 },
  reminderMinutes: { min: 5, max: 10_080 },
  maxReminders: 3,
} as const;
