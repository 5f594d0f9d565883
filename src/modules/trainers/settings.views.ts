import { dateFormat } from '../../common/time/intl-formats.js';
import type { FormState } from '../../common/validation/form.js';
import { currencySelect, timeZoneSelect } from '../auth/auth.forms.js';
import type { ApiDevice } from '../auth/refresh-tokens.service.js';
import type { WebSession } from '../auth/web-session.service.js';
import { policyValues, profileValues, reminderSettingsValues } from './settings.forms.js';
import type { SettingsScreen } from './settings.service.js';
import type { Trainer } from './trainer.entity.js';

export interface SessionRow {
  handle: string;
  device: string;
  ip: string;
  lastSeen: string;
  current: boolean;
}

export interface DeviceRow {
  familyId: string;
  name: string;
  signedIn: string;
  lastUsed: string;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  return dateFormat({
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "Chrome on macOS" from a user-agent string; good enough to recognise one's own devices. */
export function describeUserAgent(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const system = /iPhone|iPad/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'an unknown system';
  return `${browser} on ${system}`;
}

export function toSessionRows(
  sessions: WebSession[],
  currentHandle: string | undefined,
  timeZone: string,
): SessionRow[] {
  const format = formatter(timeZone);
  return sessions.map((session) => ({
    handle: session.handle,
    device: describeUserAgent(session.userAgent),
    ip: session.ip,
    lastSeen: format.format(new Date(session.lastSeenAt)),
    current: session.handle === currentHandle,
  }));
}

export function toDeviceRows(devices: ApiDevice[], timeZone: string): DeviceRow[] {
  const format = formatter(timeZone);
  return devices.map((device) => ({
    familyId: device.familyId,
    name: device.deviceName,
    signedIn: format.format(device.signedInAt),
    lastUsed: format.format(device.lastUsedAt),
  }));
}

/** The profile card: the form as typed (or as saved) with the time-zone and currency lists around its values. */
export function profileContext(profile: FormState) {
  return {
    profile,
    timeZones: timeZoneSelect(profile.values.timeZone ?? ''),
    currencies: currencySelect(profile.values.currency ?? ''),
  };
}

/** The policy card: the form as typed (or as saved). */
export function policyContext(policy: FormState) {
  return { policy, makeUpChecked: policy.values.makeUpCreditOnLateCancel === 'on' };
}

/** The reminders card: the form as typed (or as saved), its boxes ticked from the values. */
export function reminderSettingsContext(reminders: FormState) {
  const on = (field: string) => reminders.values[field] === 'on';
  return {
    reminders,
    quietHoursChecked: on('quietHoursEnabled'),
    trainerCopiesChecked: on('trainerCopiesEnabled'),
    creditNoticesChecked: on('creditNoticesEnabled'),
  };
}

export function savedProfile(trainer: Trainer) {
  return profileContext({ values: profileValues(trainer), errors: {} });
}

export function savedPolicy(trainer: Trainer) {
  return policyContext({ values: policyValues(trainer), errors: {} });
}

export function savedReminderSettings(trainer: Trainer) {
  return reminderSettingsContext({ values: reminderSettingsValues(trainer), errors: {} });
}

/** The sessions card: browsers (this one marked) and API devices, in the trainer's time zone. */
export function securityContext(
  screen: Pick<SettingsScreen, 'sessions' | 'devices'>,
  currentHandle: string | undefined,
  timeZone: string,
) {
  return {
    sessions: toSessionRows(screen.sessions, currentHandle, timeZone),
    devices: toDeviceRows(screen.devices, timeZone),
  };
}

/** The whole /settings page from its read model. */
export function toSettingsPage(screen: SettingsScreen, currentHandle: string | undefined) {
  const { trainer } = screen;
  return {
    title: 'Settings',
    ...savedProfile(trainer),
    ...savedPolicy(trainer),
    ...savedReminderSettings(trainer),
    password: { values: {}, errors: {} },
    ...securityContext(screen, currentHandle, trainer.timeZone),
  };
}
