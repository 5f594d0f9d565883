import { addDays, localDateOf, localTimeOf, minutesOfDay, zonedTimeToUtc } from '../../common/time/zoned-time.js';

/** Local wall-clock window ("HH:MM") in which no reminder goes out; it may wrap midnight (21:00–08:00). */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

/** The trainer's quiet-hours setting as the planner takes it: null when switched off. */
export function quietHoursOf(settings: { enabled: boolean; start: string; end: string }): QuietHours | null {
  return settings.enabled ? { start: settings.start, end: settings.end } : null;
}

export interface ReminderPlanInput {
  startTime: Date;
  /** The trainer's lead times in minutes (24 h and 2 h by default). */
  leadMinutes: readonly number[];
  /** When the booking was made or moved: a reminder due before then is never planned. */
  plannedAt: Date;
  /** The zone quiet hours are read in: the client's if they have one, else the trainer's (clients keep no zone yet). */
  timeZone: string;
  /** The trainer's window; left out, the default one; null when the trainer switched quiet hours off. */
  quietHours?: QuietHours | null;
}

export interface PlannedReminder {
  leadMinutes: number;
  fireAt: Date;
}

/** Whether a local minute of the day falls strictly inside the window; its start itself is still allowed. */
function isQuiet(minute: number, quiet: QuietHours): boolean {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return false;
  return start < end ? minute > start && minute < end : minute > start || minute < end;
}

/**
 * Moves a reminder that would land in quiet hours back to the moment they begin (the evening before, for an early
 * morning one), so the client hears of a 07:00 session at 21:00 the night before rather than at 05:00. Never later:
 * a reminder that arrives after it was needed is worse than one a little early.
 */
export function outsideQuietHours(at: Date, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const minute = minutesOfDay(localTimeOf(at, timeZone));
  if (!isQuiet(minute, quiet)) return at;
  const date = localDateOf(at, timeZone);
  // In a window that wraps midnight, the early-morning part began the evening before.
  const startedYesterday = minutesOfDay(quiet.start) > minutesOfDay(quiet.end) && minute < minutesOfDay(quiet.end);
  const moved = zonedTimeToUtc(startedYesterday ? addDays(date, -1) : date, quiet.start, timeZone);
  return moved.getTime() < at.getTime() ? moved : at;
}

/**
 * Holds a notice that is not about a session (low credit, expiring credits) until quiet hours end: nothing is
 * missed by reading it at 08:00 rather than at 03:00, when the nightly expiry run finds it. Null: no window.
 */
export function afterQuietHours(at: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet) return at;
  const minute = minutesOfDay(localTimeOf(at, timeZone));
  if (!isQuiet(minute, quiet)) return at;
  const date = localDateOf(at, timeZone);
  // In a window that wraps midnight, an evening moment ends with the next morning.
  const endsTomorrow = minutesOfDay(quiet.start) > minutesOfDay(quiet.end) && minute > minutesOfDay(quiet.end);
  return zonedTimeToUtc(endsTomorrow ? addDays(date, 1) : date, quiet.end, timeZone);
}

const DAY_MINUTES = 1440;

/**
 * When a lead time before `start` falls. Whole days count on the local calendar, so the 24-hour reminder of a
 * Monday 10:00 session is Sunday 10:00 on the client's clock even when the clocks change in between; other leads
 * (2 hours) are elapsed time.
 */
export function leadTimeBefore(start: Date, leadMinutes: number, timeZone: string): Date {
  if (leadMinutes % DAY_MINUTES !== 0) return new Date(start.getTime() - leadMinutes * 60_000);
  const date = addDays(localDateOf(start, timeZone), -leadMinutes / DAY_MINUTES);
  return new Date(zonedTimeToUtc(date, localTimeOf(start, timeZone), timeZone).getTime() + (start.getTime() % 60_000));
}

/**
 * The reminders a session gets: one per lead time, each moved out of quiet hours, none that would already be due
 * when the booking is made (a 24-hour reminder for a session booked this afternoon is noise), soonest first.
 */
export function planReminders(input: ReminderPlanInput): PlannedReminder[] {
  const leads = [...new Set(input.leadMinutes)].filter((lead) => Number.isInteger(lead) && lead > 0);
  return leads
    .map((leadMinutes) => {
      const due = leadTimeBefore(input.startTime, leadMinutes, input.timeZone);
      const quiet = input.quietHours === undefined ? DEFAULT_QUIET_HOURS : input.quietHours;
      return { leadMinutes, fireAt: quiet === null ? due : outsideQuietHours(due, input.timeZone, quiet) };
    })
    .filter((reminder) => reminder.fireAt.getTime() > input.plannedAt.getTime())
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || b.leadMinutes - a.leadMinutes);
}
