import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isCurrency, isLocalTime, isTimeZone, NAME_MAX_LENGTH } from '../../common/validation/validators.js';
import { User } from '../auth/user.entity.js';
import { Trainer } from './trainer.entity.js';
import { SETTINGS_LIMITS, type UpdateTrainerInput } from './trainers.types.js';

function inRange(value: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** The trainer's own profile and policies. */
@Injectable()
export class TrainersService {
  constructor(private readonly em: EntityManager) {}

  async getProfile(actor: Actor): Promise<Trainer> {
    return this.em.findOneOrFail(Trainer, { id: trainerIdOf(actor) }, { populate: ['user'] });
  }

  /** Validates every field first and reports all problems at once, then applies the change. */
  async update(actor: Actor, input: UpdateTrainerInput): Promise<Trainer> {
    const fields = this.problems(input);
    if (Object.keys(fields).length > 0) {
      throw new DomainError('invalid_settings', 'invalid', 'Some settings need attention.', { fields });
    }
    const trainer = await this.getProfile(actor);
    const quiet = this.quietHoursProblem(trainer, input);
    if (quiet) throw new DomainError('invalid_settings', 'invalid', 'Some settings need attention.', { fields: quiet });
    const user: User = trainer.user;
    if (input.name !== undefined) user.name = input.name.trim();
    if (input.businessName !== undefined) trainer.businessName = input.businessName.trim();
    if (input.timeZone !== undefined) trainer.timeZone = input.timeZone;
    if (input.currency !== undefined) trainer.currency = input.currency.toUpperCase();
    if (input.cancellationCutoffHours !== undefined) trainer.cancellationCutoffHours = input.cancellationCutoffHours;
    if (input.minimumNoticeHours !== undefined) trainer.minimumNoticeHours = input.minimumNoticeHours;
    if (input.defaultSessionMinutes !== undefined) trainer.defaultSessionMinutes = input.defaultSessionMinutes;
    if (input.reminderLeadMinutes !== undefined) {
      trainer.reminderLeadMinutes = [...input.reminderLeadMinutes].sort((a, b) => b - a);
    }
    if (input.makeUpCreditOnLateCancel !== undefined) trainer.makeUpCreditOnLateCancel = input.makeUpCreditOnLateCancel;
    if (input.quietHoursEnabled !== undefined) trainer.quietHoursEnabled = input.quietHoursEnabled;
    if (input.quietHoursStart !== undefined) trainer.quietHoursStart = input.quietHoursStart;
    if (input.quietHoursEnd !== undefined) trainer.quietHoursEnd = input.quietHoursEnd;
    if (input.trainerCopiesEnabled !== undefined) trainer.trainerCopiesEnabled = input.trainerCopiesEnabled;
    if (input.creditNoticesEnabled !== undefined) trainer.creditNoticesEnabled = input.creditNoticesEnabled;
    await this.em.flush();
    return trainer;
  }

  private problems(input: UpdateTrainerInput): Record<string, string[]> {
    const fields: Record<string, string[]> = {};
    const add = (field: string, message: string) => (fields[field] = [...(fields[field] ?? []), message]);
    if (input.name !== undefined && (input.name.trim() === '' || input.name.length > NAME_MAX_LENGTH)) {
      add('name', `Enter your name (up to ${NAME_MAX_LENGTH} characters).`);
    }
    if (
      input.businessName !== undefined &&
      (input.businessName.trim() === '' || input.businessName.length > NAME_MAX_LENGTH)
    ) {
      add('businessName', `Enter a business name (up to ${NAME_MAX_LENGTH} characters).`);
    }
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
      add('timeZone', 'Choose a time zone from the list.');
    if (input.currency !== undefined && !isCurrency(input.currency.toUpperCase()))
      add('currency', 'Choose a currency from the list.');
    const { cutoffHours, noticeHours, sessionMinutes } = SETTINGS_LIMITS;
    if (input.cancellationCutoffHours !== undefined && !inRange(input.cancellationCutoffHours, cutoffHours)) {
      add('cancellationCutoffHours', `Enter whole hours between ${cutoffHours.min} and ${cutoffHours.max}.`);
    }
    if (input.minimumNoticeHours !== undefined && !inRange(input.minimumNoticeHours, noticeHours)) {
      add('minimumNoticeHours', `Enter whole hours between ${noticeHours.min} and ${noticeHours.max}.`);
    }
    if (input.defaultSessionMinutes !== undefined && !inRange(input.defaultSessionMinutes, sessionMinutes)) {
      add('defaultSessionMinutes', `Enter minutes between ${sessionMinutes.min} and ${sessionMinutes.max}.`);
    }
    if (input.reminderLeadMinutes !== undefined) {
      for (const message of leadTimeProblems(input.reminderLeadMinutes)) add('reminderLeadMinutes', message);
    }
    for (const field of ['quietHoursStart', 'quietHoursEnd'] as const) {
      if (input[field] !== undefined && !isLocalTime(input[field])) add(field, 'Enter a time like 21:00.');
    }
    return fields;
  }

  /**
   * A window that starts when it ends holds nothing back: it reads as "on" but is "off". Judged on the times the
   * trainer will have after the change, since either end may change alone.
   */
  private quietHoursProblem(trainer: Trainer, input: UpdateTrainerInput): Record<string, string[]> | null {
    const enabled = input.quietHoursEnabled ?? trainer.quietHoursEnabled;
    const start = input.quietHoursStart ?? trainer.quietHoursStart;
    const end = input.quietHoursEnd ?? trainer.quietHoursEnd;
    if (!enabled || start !== end) return null;
    return {
      quietHoursEnd: ['Quiet hours must end at another time than they start. To send at any hour, turn them off.'],
    };
  }
}

/** What is wrong with a list of reminder lead times (minutes), as messages for one field. */
export function leadTimeProblems(leads: readonly number[]): string[] {
  const { reminderMinutes, minReminders, maxReminders } = SETTINGS_LIMITS;
  const problems: string[] = [];
  if (leads.length < minReminders) problems.push('Keep at least one reminder.');
  if (leads.length > maxReminders) problems.push(`Choose at most ${maxReminders} reminders.`);
  if (!leads.every((minutes) => inRange(minutes, reminderMinutes)))
    problems.push('Each reminder must be between 15 minutes and 7 days (168 hours) before the session.');
  else if (new Set(leads).size !== leads.length) problems.push('Give each reminder a different time.');
  return problems;
}
