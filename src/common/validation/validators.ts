/** Shared value rules, used by API DTOs and HTML forms alike so both doors accept the same input. */
const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && TIME_ZONES.has(value);
}

export function isCurrency(value: unknown): value is string {
  return typeof value === 'string' && CURRENCIES.has(value);
}

export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 200;
// Deliberately simple: one @, a dot in the domain, no spaces. Deliverability is proven by sending, not regex.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= EMAIL_MAX_LENGTH && EMAIL.test(value);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Every zone, for select lists (sorted, with UTC first). */
export function timeZoneOptions(): string[] {
  return ['UTC', ...[...TIME_ZONES].filter((zone) => zone !== 'UTC').sort()];
}

export const COMMON_CURRENCIES = ['GBP', 'EUR', 'USD', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'IEP', 'ZAR', 'SGD', 'JPY'].filter(
  (code) => CURRENCIES.has(code),
);
