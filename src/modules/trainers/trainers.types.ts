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
  quietHoursEnabled?: boolean;
  /** Local "HH:MM". */
  quietHoursStart?: string;
  quietHoursEnd?: string;
  trainerCopiesEnabled?: boolean;
  creditNoticesEnabled?: boolean;
}

export const SETTINGS_LIMITS = {
  cutoffHours: { min: 0, max: 720 },
  noticeHours: { min: 0, max: 720 },
  sessionMinutes: { min: 5, max: 720 },
  /** 15 minutes to 7 days: a reminder sooner is no use, one further ahead is forgotten by the session. */
  reminderMinutes: { min: 15, max: 10_080 },
  minReminders: 1,
  maxReminders: 3,
} as const;
