import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isCurrency, isTimeZone, NAME_MAX_LENGTH } from '../../common/validation/validators.js';
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
    const user: User = trainer.user;
    if (input.name !== undefined) user.name = input.name.trim();
    if (input.businessName !== undefined) trainer.businessName = input.businessName.trim();
    if (input.timeZone !== undefined) trainer.timeZone = input.timeZone;
    if (input.currency !== undefined) trainer.currency = input.currency.toUpperCase();
    if (input.cancellationCutoffHours !== undefined) trainer.cancellationCutoffHours = input.cancellationCutoffHours;
    if (input.minimumNoticeHours !== undefined) trainer.minimumNoticeHours = input.minimumNoticeHours;
    if (input.defaultSessionMinutes !== undefined) trainer.defaultSessionMinutes = input.defaultSessionMinutes;
    if (input.reminderLeadMinutes !== undefined) {
      trainer.reminderLeadMinutes = [...new Set(input.reminderLeadMinutes)].sort((a, b) => b - a);
    }
    if (input.makeUpCreditOnLateCancel !== undefined) trainer.makeUpCreditOnLateCancel = input.makeUpCreditOnLateCancel;
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
    const { cutoffHours, noticeHours, sessionMinutes, reminderMinutes, maxReminders } = SETTINGS_LIMITS;
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
      if (input.reminderLeadMinutes.length > maxReminders)
        add('reminderLeadMinutes', `Choose at most ${maxReminders} reminders.`);
      if (!input.reminderLeadMinutes.every((minutes) => inRange(minutes, reminderMinutes))) {
        add('reminderLeadMinutes', 'Each reminder must be between 5 minutes and 7 days before the session.');
      }
    }
    return fields;
  }
}
