/** A range of local wall-clock time within one day, "HH:MM" to "HH:MM". */
export interface TimeRange {
  start: string;
  end: string;
}

/** One range of weekly working hours. weekday is ISO: 1 is Monday, 7 is Sunday. */
export interface WeeklyRange extends TimeRange {
  weekday: number;
}

/** A dated day off in the trainer's local calendar. */
export interface DayOff {
  id: string;
  /** "YYYY-MM-DD" */
  date: string;
  reason: string | null;
}

/** The trainer's weekly hours (sorted by weekday, then start) and their upcoming days off (today onwards). */
export interface WeekAvailability {
  weekly: WeeklyRange[];
  daysOff: DayOff[];
}

/** PUT semantics: `weekly` replaces every weekly range; `daysOff`, when given, replaces every day off from today on. */
export interface ReplaceAvailabilityInput {
  weekly: WeeklyRange[];
  daysOff?: Array<{ date: string; reason?: string | null }>;
}

/** One day off, or every day from `date` to `until` (inclusive) when `until` is given. */
export interface AddDaysOffInput {
  date: string;
  until?: string | null;
  reason?: string | null;
}

export interface FreeSlotsQuery {
  /** Local date, "YYYY-MM-DD". */
  date: string;
  durationMinutes: number;
  /** A booking being rescheduled: its own time counts as free. */
  excludeBookingId?: string | null;
}

export interface FreeSlot {
  start: Date;
  end: Date;
  /** Local start time, "HH:MM". */
  label: string;
}

/** Everything the booking form (and the API) shows about one day. */
export interface DaySlots {
  date: string;
  durationMinutes: number;
  timeZone: string;
  /** The day's working hours, "HH:MM" (empty on a day with none). */
  ranges: TimeRange[];
  dayOff: DayOff | null;
  /** False until the trainer has set any weekly hours at all. */
  hoursSet: boolean;
  slots: FreeSlot[];
  warnings: string[];
  /** The trainer's minimum notice, and the earliest start it allows (now + notice) when these slots were computed. */
  minimumNoticeHours: number;
  earliestStart: Date;
}

export const AVAILABILITY_LIMITS = {
  rangesPerDay: 6,
  sessionMinutes: { min: 5, max: 720 },
  reasonLength: 200,
  /** Days one "add days off" request may cover (a long holiday). */
  daysOffPerAdd: 62,
  /** Days off one PUT may list. */
  daysOffPerReplace: 400,
  /** How far ahead a day off may be. */
  daysOffHorizonDays: 3 * 366,
  stepMinutes: 15,
} as const;
