import { COMMON_CURRENCIES, isCurrencyCode, isTimeZone, timeZoneOptions } from '../../common/validation/validators.js';
import type { RegisterInput } from './auth.types.js';

export const LOGIN_FIELDS = ['email', 'password', 'next'] as const;
export const REGISTER_FIELDS = ['name', 'email', 'password', 'businessName', 'timeZone', 'currency'] as const;

export interface SelectOption {
  value: string;
  label: string;
  selected: boolean;
}

export function selectOptions(
  values: readonly string[],
  selected: string,
  label: (value: string) => string = (v) => v,
): SelectOption[] {
  return values.map((value) => ({ value, label: label(value), selected: value === selected }));
}

export function timeZoneSelect(selected: string): SelectOption[] {
  return selectOptions(timeZoneOptions(selected), selected, (zone) => zone.replaceAll('_', ' '));
}

const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency' });

/**
 * The currency list, with the current one first when it is not a common one. A code that is not ISO 4217
 * (what a hand-made post can send, e.g. "G1P") is left out: Intl.DisplayNames throws on it, and re-rendering
 * the form with its field error must not fail.
 */
export function currencySelect(selected: string): SelectOption[] {
  const code = selected.toUpperCase();
  const codes =
    COMMON_CURRENCIES.includes(code) || !isCurrencyCode(code) ? COMMON_CURRENCIES : [code, ...COMMON_CURRENCIES];
  return selectOptions(codes, code, (option) => `${option} · ${currencyNames.of(option) ?? option}`);
}

/** The same rules the service applies, checked on the form so a bad code is a field error before any work. */
export function currencyAndTimeZoneErrors(values: Record<string, string>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (values.timeZone && !isTimeZone(values.timeZone)) errors.timeZone = ['Choose a time zone from the list.'];
  if (values.currency && !isCurrencyCode(values.currency)) errors.currency = ['Choose a currency from the list.'];
  return errors;
}

/** The sign-up form's strings as the service's input; the service validates. */
export function toRegisterInput(values: Record<string, string>): RegisterInput {
  return {
    name: values.name ?? '',
    email: values.email ?? '',
    password: values.password ?? '',
    businessName: values.businessName || undefined,
    timeZone: values.timeZone || undefined,
    currency: values.currency || undefined,
  };
}

/** Fields a signed-out visitor must fill (and codes that must be real) before we even ask the service. */
export function missingRegisterFields(values: Record<string, string>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!values.name) errors.name = ['Enter your name.'];
  if (values.name && values.name.length > 200) errors.name = ['Use at most 200 characters.'];
  if (!values.email) errors.email = ['Enter your email address.'];
  if (!values.password) errors.password = ['Choose a password.'];
  return { ...errors, ...currencyAndTimeZoneErrors(values) };
}
