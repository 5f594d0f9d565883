import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { addDays, isoWeekday, localDateOf, minutesOfDay, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { Booking } from '../bookings/booking.entity.js';
import { SLOT_HOLDING_STATUSES } from '../bookings/booking-status.js';
import { earliestOverlappingStart } from '../bookings/bookings.types.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { AvailabilityException } from './availability-exception.entity.js';
import { AvailabilitySlot } from './availability-slot.entity.js';
import { AvailabilityError, AvailabilityErrorCode } from './availability.errors.js';
import { AvailabilityRepository } from './availability.repository.js';
import {
  AVAILABILITY_LIMITS,
  type AddDaysOffInput,
  type DayOff,
  type DaySlots,
  type FreeSlotsQuery,
  type ReplaceAvailabilityInput,
  type TimeRange,
  type WeekAvailability,
  type WeeklyRange,
} from './availability.types.js';
import {
  computeFreeSlots,
  dayWarnings,
  earliestStart,
  describeRanges,
  isLocalDate,
  localDatesOf,
  normaliseTime,
  outsideHoursWarnings,
  WEEKDAY_NAMES,
} from './slots.rules.js';
import { isUuid } from '../../common/validation/validators.js';

type Fields = Record<string, string[]>;

function addField(fields: Fields, field: string, message: string): void {
  fields[field] = [...(fields[field] ?? []), message];
}

function toRange(slot: AvailabilitySlot): WeeklyRange {
  return { weekday: slot.weekday, start: slot.startTime.slice(0, 5), end: slot.endTime.slice(0, 5) };
}

function toDayOff(exception: AvailabilityException): DayOff {
  return { id: exception.id, date: exception.date, reason: exception.reason ?? null };
}

function cleanReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * A trainer's working hours and days off, and what they mean for booking: the free slots of a day and the
 * warnings for a session outside them. Every method is scoped to the actor's trainer.
 *
 * Signatures other modules call:
 * - `freeSlots(actor, { date, durationMinutes, excludeBookingId? }): Promise<DaySlots>`
 * - `warningsFor(actor, start: Date, end: Date): Promise<string[]>`
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: AvailabilityRepository,
  ) {}

  /** Weekly ranges (by weekday, then start) and the days off from today (the trainer's today) on. */
  async getWeek(actor: Actor): Promise<WeekAvailability> {
    const trainer = trainerIdOf(actor);
    const today = localDateOf(new Date(), actor.timeZone);
    const [slots, exceptions] = await Promise.all([
      this.em.find(AvailabilitySlot, { trainer }, { orderBy: { weekday: 'asc', startTime: 'asc' } }),
      this.em.find(
        AvailabilityException,
        { trainer, date: { $gte: today } },
        { orderBy: { date: 'asc' }, limit: AVAILABILITY_LIMITS.daysOffPerReplace },
      ),
    ]);
    return { weekly: slots.map(toRange), daysOff: exceptions.map(toDayOff) };
  }

  /**
   * Replaces every weekly range in one transaction. Validates all ranges first and reports every problem at once,
   * keyed `weekly.<index>.<field>` (the index into `ranges`).
   */
  async replaceWeek(actor: Actor, ranges: WeeklyRange[]): Promise<WeekAvailability> {
    return this.replace(actor, { weekly: ranges });
  }

  /**
   * The API's PUT: `weekly` replaces every weekly range; `daysOff`, when given, replaces every day off from today
   * on (past days off are history and stay). One transaction, under a lock on the trainer row so two saves in
   * flight cannot interleave their deletes and inserts.
   */
  async replace(actor: Actor, input: ReplaceAvailabilityInput): Promise<WeekAvailability> {
    const trainerId = trainerIdOf(actor);
    const today = localDateOf(new Date(), actor.timeZone);
    const fields: Fields = {};
    const weekly = this.validateWeek(input.weekly, fields);
    const daysOff = input.daysOff === undefined ? undefined : this.validateDaysOffList(input.daysOff, today, fields);
    if (Object.keys(fields).length > 0) {
      const code = Object.keys(fields).some((field) => field.startsWith('weekly'))
        ? AvailabilityErrorCode.InvalidHours
        : AvailabilityErrorCode.InvalidDaysOff;
      throw new AvailabilityError(code, 'Some hours or days off need attention.', { fields });
    }
    await this.em.transactional(async (tx) => {
      await tx.findOneOrFail(Trainer, { id: trainerId }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
      const trainer = tx.getReference(Trainer, trainerId);
      await tx.nativeDelete(AvailabilitySlot, { trainer: trainerId });
      for (const range of weekly) {
        tx.create(AvailabilitySlot, {
          trainer,
          weekday: range.weekday,
          startTime: `${range.start}:00`,
          endTime: `${range.end}:00`,
        });
      }
      if (daysOff) {
        await tx.nativeDelete(AvailabilityException, { trainer: trainerId, date: { $gte: today } });
        for (const off of daysOff) tx.create(AvailabilityException, { trainer, date: off.date, reason: off.reason });
      }
    });
    return this.getWeek(actor);
  }

  /**
   * Marks `date` (or every date from `date` to `until`) as a day off. Dates already off are left as they are;
   * if every date was already off, that is reported on `date`. Returns the days off in that span.
   */
  async addDaysOff(actor: Actor, input: AddDaysOffInput): Promise<DayOff[]> {
    const trainerId = trainerIdOf(actor);
    const today = localDateOf(new Date(), actor.timeZone);
    const fields: Fields = {};
    const dates = this.validateDayOffRange(input, today, fields);
    const reason = cleanReason(input.reason);
    if (reason && reason.length > AVAILABILITY_LIMITS.reasonLength) {
      addField(fields, 'reason', `Keep the reason to ${AVAILABILITY_LIMITS.reasonLength} characters or fewer.`);
    }
    if (Object.keys(fields).length > 0)
      throw new AvailabilityError(AvailabilityErrorCode.InvalidDaysOff, 'Check the day off.', { fields });
    const inserted = await this.repository.insertDaysOff(trainerId, dates, reason);
    if (inserted === 0) {
      const message = dates.length === 1 ? 'You already have that day off.' : 'You already have all of those days off.';
      throw new AvailabilityError(AvailabilityErrorCode.InvalidDaysOff, message, { fields: { date: [message] } });
    }
    const created = await this.em.find(
      AvailabilityException,
      { trainer: trainerId, date: { $gte: dates[0], $lte: dates[dates.length - 1] } },
      { orderBy: { date: 'asc' } },
    );
    return created.map(toDayOff);
  }

  /** One day off; `addDaysOff` with a single date. */
  async addDayOff(actor: Actor, date: string, reason?: string | null): Promise<DayOff> {
    const [created] = await this.addDaysOff(actor, { date, reason });
    return created;
  }

  /** Removes one of this trainer's days off; another trainer's id (or no such id) is not_found. */
  async removeDayOff(actor: Actor, id: string): Promise<void> {
    const trainer = trainerIdOf(actor);
    const removed = isUuid(id) ? await this.em.nativeDelete(AvailabilityException, { id, trainer }) : 0;
    if (removed === 0)
      throw new AvailabilityError(AvailabilityErrorCode.DayOffNotFound, 'That day off no longer exists.');
  }

  /**
   * The free start times of a local date for a session of this length: working hours minus the day off, minus
   * pending and confirmed sessions (one query over the day's UTC bounds), minus what starts sooner than the
   * trainer's minimum notice (the past included). `excludeBookingId` frees a session's own time while it is
   * being rescheduled.
   */
  async freeSlots(actor: Actor, query: FreeSlotsQuery): Promise<DaySlots> {
    const trainer = trainerIdOf(actor);
    const { date, durationMinutes, excludeBookingId } = query;
    const fields: Fields = {};
    const { min, max } = AVAILABILITY_LIMITS.sessionMinutes;
    if (!isLocalDate(date)) addField(fields, 'date', 'Choose a date.');
    if (!Number.isInteger(durationMinutes) || durationMinutes < min || durationMinutes > max) {
      addField(fields, 'durationMinutes', `Choose a session length between ${min} and ${max} minutes.`);
    }
    if (excludeBookingId && !isUuid(excludeBookingId)) addField(fields, 'excludeBookingId', 'Not a session id.');
    if (Object.keys(fields).length > 0) {
      throw new AvailabilityError(AvailabilityErrorCode.InvalidSlotQuery, Object.values(fields)[0][0], { fields });
    }
    const weekday = isoWeekday(date);
    const dayStart = zonedTimeToUtc(date, '00:00', actor.timeZone);
    const dayEnd = zonedTimeToUtc(addDays(date, 1), '00:00', actor.timeZone);
    const [slots, anyHours, exception, bookings, noticeHours] = await Promise.all([
      this.em.find(AvailabilitySlot, { trainer, weekday }, { orderBy: { startTime: 'asc' } }),
      this.em.count(AvailabilitySlot, { trainer }),
      this.em.findOne(AvailabilityException, { trainer, date }),
      this.em.find(
        Booking,
        {
          trainer,
          status: { $in: [...SLOT_HOLDING_STATUSES] },
          // Bounded on both sides: nothing starting earlier than the longest session can still be running.
          startTime: { $lt: dayEnd, $gt: earliestOverlappingStart(dayStart) },
          endTime: { $gt: dayStart },
          ...(excludeBookingId ? { id: { $ne: excludeBookingId } } : {}),
        },
        { fields: ['startTime', 'endTime'], orderBy: { startTime: 'asc' } },
      ),
      this.repository.minimumNoticeHours(trainer),
    ]);
    const ranges: TimeRange[] = slots.map(toRange).map(({ start, end }) => ({ start, end }));
    const dayOff = exception ? toDayOff(exception) : null;
    const hoursSet = anyHours > 0;
    const now = new Date();
    const past = date < localDateOf(now, actor.timeZone) ? ['That day has already passed'] : [];
    return {
      date,
      durationMinutes,
      timeZone: actor.timeZone,
      ranges,
      dayOff,
      hoursSet,
      slots: computeFreeSlots({
        date,
        durationMinutes,
        timeZone: actor.timeZone,
        ranges,
        dayOff: dayOff !== null,
        busy: bookings.map((booking) => ({ start: booking.startTime, end: booking.endTime })),
        stepMinutes: AVAILABILITY_LIMITS.stepMinutes,
        now,
        noticeMinutes: noticeHours * 60,
      }),
      warnings: [...past, ...dayWarnings({ date, ranges, dayOff, hoursSet })],
      minimumNoticeHours: noticeHours,
      earliestStart: earliestStart(now, noticeHours * 60),
    };
  }

  /**
   * Warnings for a session from `start` to `end` that the trainer should confirm: "That’s a day off (Holiday)" or
   * "Outside your working hours (Tue: 07:00–12:00, 16:00–20:00)". Empty inside working hours, and empty while
   * the trainer has not set any hours.
   */
  async warningsFor(actor: Actor, start: Date, end: Date): Promise<string[]> {
    const trainer = trainerIdOf(actor);
    const dates = localDatesOf(start, end, actor.timeZone);
    const { weekly, daysOff } = await this.repository.hoursAndDaysOff(trainer, dates);
    return outsideHoursWarnings({ start, end, timeZone: actor.timeZone, weekly, daysOff });
  }

  private validateWeek(ranges: WeeklyRange[], fields: Fields): WeeklyRange[] {
    const valid: Array<WeeklyRange & { index: number }> = [];
    ranges.forEach((range, index) => {
      const at = `weekly.${index}`;
      const weekday = range.weekday;
      const start = normaliseTime(range.start);
      const end = normaliseTime(range.end);
      if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7)
        addField(fields, `${at}.weekday`, 'Choose a weekday from 1 (Monday) to 7 (Sunday).');
      if (!start) addField(fields, `${at}.start`, 'Enter a start time, like 09:00.');
      if (!end) addField(fields, `${at}.end`, 'Enter an end time, like 17:00.');
      if (start && end && minutesOfDay(end) <= minutesOfDay(start))
        addField(fields, `${at}.end`, 'Finish after the start time.');
      if (start && end && fields[`${at}.weekday`] === undefined && minutesOfDay(end) > minutesOfDay(start))
        valid.push({ weekday, start, end, index });
    });
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      const day = valid.filter((range) => range.weekday === weekday);
      const name = WEEKDAY_NAMES[weekday - 1];
      if (day.length > AVAILABILITY_LIMITS.rangesPerDay) {
        addField(
          fields,
          `weekly.${day[AVAILABILITY_LIMITS.rangesPerDay].index}`,
          `Up to ${AVAILABILITY_LIMITS.rangesPerDay} ranges a day on ${name}.`,
        );
      }
      // Each range is compared with the ranges before it in the list, so an overlap is reported once, on the later one.
      day.forEach((range, position) => {
        const clash = day
          .slice(0, position)
          .find(
            (other) =>
              minutesOfDay(range.start) < minutesOfDay(other.end) &&
              minutesOfDay(other.start) < minutesOfDay(range.end),
          );
        if (clash) addField(fields, `weekly.${range.index}`, `Overlaps ${describeRanges([clash])} on ${name}.`);
      });
    }
    return valid
      .map(({ weekday, start, end }) => ({ weekday, start, end }))
      .sort((a, b) => a.weekday - b.weekday || minutesOfDay(a.start) - minutesOfDay(b.start));
  }

  private checkDate(date: string | null | undefined, today: string, field: string, fields: Fields): string | null {
    if (!isLocalDate(date)) {
      addField(fields, field, 'Enter a date, like 2026-12-24.');
      return null;
    }
    if (date < today) {
      addField(fields, field, 'Choose today or a later date.');
      return null;
    }
    if (date > addDays(today, AVAILABILITY_LIMITS.daysOffHorizonDays)) {
      addField(fields, field, 'Choose a date within the next three years.');
      return null;
    }
    return date;
  }

  private validateDayOffRange(input: AddDaysOffInput, today: string, fields: Fields): string[] {
    const from = this.checkDate(input.date, today, 'date', fields);
    const hasUntil = input.until !== undefined && input.until !== null && input.until !== '';
    const until = hasUntil ? this.checkDate(input.until, today, 'until', fields) : from;
    if (!from || !until) return [];
    if (until < from) {
      addField(fields, 'until', 'End on or after the first day off.');
      return [];
    }
    const dates: string[] = [];
    for (let date = from; date <= until; date = addDays(date, 1)) {
      if (dates.length === AVAILABILITY_LIMITS.daysOffPerAdd) {
        addField(fields, 'until', `Add up to ${AVAILABILITY_LIMITS.daysOffPerAdd} days at a time.`);
        return [];
      }
      dates.push(date);
    }
    return dates;
  }

  private validateDaysOffList(
    list: Array<{ date: string; reason?: string | null }>,
    today: string,
    fields: Fields,
  ): Array<{ date: string; reason: string | null }> {
    const seen = new Set<string>();
    const valid: Array<{ date: string; reason: string | null }> = [];
    list.forEach((off, index) => {
      const date = this.checkDate(off.date, today, `daysOff.${index}.date`, fields);
      const reason = cleanReason(off.reason);
      if (reason && reason.length > AVAILABILITY_LIMITS.reasonLength) {
        addField(
          fields,
          `daysOff.${index}.reason`,
          `Keep the reason to ${AVAILABILITY_LIMITS.reasonLength} characters or fewer.`,
        );
      }
      if (!date) return;
      if (seen.has(date)) addField(fields, `daysOff.${index}.date`, 'This date is listed twice.');
      seen.add(date);
      valid.push({ date, reason });
    });
    return valid;
  }
}
