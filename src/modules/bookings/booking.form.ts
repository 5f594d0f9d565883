import { localTimeExists, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import { parseMoney } from '../../common/time/format.js';
import type { FormState } from '../../common/validation/form.js';
import { isIsoDate } from '../../common/validation/validators.js';
import { DURATION_LIMITS, NOTES_MAX, type CreateBookingInput, type RescheduleInput } from './bookings.types.js';

export const BOOKING_FIELDS = [
  'clientId',
  'date',
  'time',
  'durationMinutes',
  'customMinutes',
  'price',
  'notes',
  'confirmOutsideHours',
  'payWith',
  'intent',
] as const;
export const RESCHEDULE_FIELDS = [
  'date',
  'time',
  'durationMinutes',
  'customMinutes',
  'confirmOutsideHours',
  'intent',
] as const;

/** The no-JS "Show free times" button: re-render the form for its date and length, change nothing. */
export const SHOW_SLOTS_INTENT = 'show-slots';
export const DURATION_CHOICES = [30, 45, 60, 90] as const;

type Values = Record<string, string>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string[]> };

/** Date and time typed in the trainer's zone, checked for shape and for existing (not skipped by DST). */
function parseWhen(values: Values, timeZone: string, errors: Record<string, string[]>): Date | null {
  const date = values.date ?? '';
  const time = values.time ?? '';
  if (!isIsoDate(date)) errors.date = ['Choose a date.'];
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.time = ['Choose a start time.'];
  if (errors.date || errors.time) return null;
  if (!localTimeExists(date, time, timeZone)) {
    errors.time = [`${time} doesn’t exist on that day (the clocks go forward). Pick another time.`];
    return null;
  }
  return zonedTimeToUtc(date, time, timeZone);
}

/** 30/45/60/90 from the select, or the custom minutes when "custom" is chosen. */
function parseDuration(values: Values, errors: Record<string, string[]>): number | null {
  const raw = values.durationMinutes === 'custom' ? values.customMinutes : values.durationMinutes;
  const minutes = /^\d{1,4}$/.test(raw ?? '') ? Number(raw) : Number.NaN;
  if (!Number.isInteger(minutes) || minutes < DURATION_LIMITS.min || minutes > DURATION_LIMITS.max) {
    errors[values.durationMinutes === 'custom' ? 'customMinutes' : 'durationMinutes'] = [
      `Choose a length between ${DURATION_LIMITS.min} and ${DURATION_LIMITS.max} minutes.`,
    ];
    return null;
  }
  return minutes;
}

/** The "New booking" form (strings in the trainer's local time) as the service's input. */
export function parseBookingForm(values: Values, timeZone: string, currency: string): Parsed<CreateBookingInput> {
  const errors: Record<string, string[]> = {};
  if (!values.clientId) errors.clientId = ['Choose a client.'];
  const startTime = parseWhen(values, timeZone, errors);
  const durationMinutes = parseDuration(values, errors);
  let priceMinor: number | null = null;
  if (values.price) {
    priceMinor = parseMoney(values.price, currency);
    if (priceMinor === null) errors.price = ['Enter an amount like 45 or 45.50.'];
  }
  if ((values.notes ?? '').length > NOTES_MAX) errors.notes = [`Keep notes under ${NOTES_MAX} characters.`];
  if (Object.keys(errors).length > 0 || !startTime || durationMinutes === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      clientId: values.clientId ?? '',
      startTime,
      durationMinutes,
      priceMinor,
      notes: values.notes || null,
      clientPackageId: values.payWith && values.payWith !== 'session' ? values.payWith : null,
      acceptOutsideHours: values.confirmOutsideHours === 'on',
      requireHoursConfirmation: true,
    },
  };
}

export function parseRescheduleForm(values: Values, timeZone: string): Parsed<RescheduleInput> {
  const errors: Record<string, string[]> = {};
  const startTime = parseWhen(values, timeZone, errors);
  const durationMinutes = parseDuration(values, errors);
  if (Object.keys(errors).length > 0 || !startTime || durationMinutes === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      startTime,
      durationMinutes,
      acceptOutsideHours: values.confirmOutsideHours === 'on',
      requireHoursConfirmation: true,
    },
  };
}

/** Duration select options with the current choice marked; an uncommon length selects "custom". */
export function durationOptions(selected: string): Array<{ value: string; label: string; selected: boolean }> {
  const isCustom = selected === 'custom' || (selected !== '' && !DURATION_CHOICES.map(String).includes(selected));
  return [
    ...DURATION_CHOICES.map((minutes) => ({
      value: String(minutes),
      label: `${minutes} minutes`,
      selected: !isCustom && selected === String(minutes),
    })),
    { value: 'custom', label: 'Custom…', selected: isCustom },
  ];
}

export function emptyBookingForm(defaults: Values): FormState {
  return { values: { durationMinutes: '60', ...defaults }, errors: {} };
}
