import { COMMON_CURRENCIES, timeZoneOptions } from '../../common/validation/validators.js';
import type { RegisterInput } from './auth.types.js';

export const LOGIN_FIELDS = ['email', 'password', 'next'] as const;
export const REGISTER_FIELDS = ['name', 'email', 'password', 'businessName', 'timeZone', 'currency'] as const;

export interface SelectOption {
  value: string;
  label: string;
  selected: boolean;
}

export function selectOptions(values: readonly string[], selected: string, label: (value: string) => string = (v) => v): SelectOption[] {
  return values.map((value) => ({ value, label: label(value), selected: value === selected }));
}

export function timeZoneSelect(selected: string): SelectOption[] {
  return selectOptions(timeZoneOptions(), selected, (zone) => zone.replaceAll('_', ' '));
}

const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency' });

export function currencySelect(selected: string): SelectOption[] {
  const codes = COMMON_CURRENCIES.includes(selected) || !selected ? COMMON_CURRENCIES : [selected, ...COMMON_CURRENCIES];
  return selectOptions(codes, selected, (code) => `${code} · ${currencyNames.of(code) ?? code}`);
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

/** Fields a signed-out visitor must fill before we even ask the service. */
export function missingRegisterFields(values: Record<string, string>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!values.name) errors.name = ['Enter your name.'];
  if (values.name && values.name.length > 200) errors.name = ['Use at most 200 characters.'];
  if (!values.email) errors.email = ['Enter your email address.'];
  if (!values.password) errors.password = ['Choose a password.'];
  return errors;
}
