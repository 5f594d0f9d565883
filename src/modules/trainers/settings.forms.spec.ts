import { describe, expect, it } from '@jest/globals';
import { reminderSettingsFormErrors, toReminderSettingsInput } from './settings.forms.js';
import { leadTimeProblems } from './trainers.service.js';

describe('toReminderSettingsInput', () => {
  it('turns hours into minutes, ticked boxes into true and unticked (absent) ones into false', () => {
    expect(
      toReminderSettingsInput({
        reminder1: '24',
        reminder2: '0.25',
        reminder3: '',
        quietHoursEnabled: 'on',
        quietHoursStart: '22:00',
        quietHoursEnd: '07:30',
        trainerCopiesEnabled: 'on',
        creditNoticesEnabled: '',
      }),
    ).toEqual({
      reminderLeadMinutes: [1440, 15],
      quietHoursEnabled: true,
      quietHoursStart: '22:00',
      quietHoursEnd: '07:30',
      trainerCopiesEnabled: true,
      creditNoticesEnabled: false,
    });
  });

  it('keeps the saved window when quiet hours go off with empty time boxes', () => {
    const input = toReminderSettingsInput({ reminder1: '2', quietHoursStart: '', quietHoursEnd: '' });
    expect(input.quietHoursEnabled).toBe(false);
    expect(input).not.toHaveProperty('quietHoursStart');
    expect(input).not.toHaveProperty('quietHoursEnd');
  });

  it('passes an empty time on when quiet hours are on, for the service to refuse', () => {
    expect(toReminderSettingsInput({ quietHoursEnabled: 'on', quietHoursStart: '' }).quietHoursStart).toBe('');
  });

  it('drops the seconds some browsers add to a time box', () => {
    expect(toReminderSettingsInput({ quietHoursEnabled: 'on', quietHoursStart: '21:15:00' }).quietHoursStart).toBe(
      '21:15',
    );
  });

  it('shows lead-time problems under the first box', () => {
    expect(reminderSettingsFormErrors({ reminderLeadMinutes: ['x'], quietHoursEnd: ['y'] })).toEqual({
      reminder1: ['x'],
      quietHoursEnd: ['y'],
    });
  });
});

describe('leadTimeProblems', () => {
  it('accepts one to three different lead times from 15 minutes to 7 days', () => {
    expect(leadTimeProblems([15])).toEqual([]);
    expect(leadTimeProblems([10_080, 1440, 120])).toEqual([]);
  });

  it('refuses none, more than three, out-of-range, fractional and repeated lead times', () => {
    expect(leadTimeProblems([])).toEqual(['Keep at least one reminder.']);
    expect(leadTimeProblems([60, 120, 180, 240])).toEqual(['Choose at most 3 reminders.']);
    expect(leadTimeProblems([14])).toHaveLength(1);
    expect(leadTimeProblems([10_081])).toHaveLength(1);
    expect(leadTimeProblems([Number.NaN])).toHaveLength(1);
    expect(leadTimeProblems([120, 120])).toEqual(['Give each reminder a different time.']);
  });
});
