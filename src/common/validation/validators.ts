/** Shared value rules, used by API DTOs and HTML forms alike so both doors accept the same input. */
const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

// An IANA name: Area/Location (optionally Area/Region/Location), or UTC. Offsets and POSIX rules are refused.
const ZONE_NAME = /^(?:UTC|[A-Z][A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/**
 * ICU lists one spelling per zone, often the old one (Asia/Calcutta), while browsers report the current one
 * (Asia/Kolkata, Europe/Kyiv, America/Nuuk). Any IANA name Intl can resolve is accepted, not just the list.
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  if (TIME_ZONES.has(value)) return true;
  if (!ZONE_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
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

/** Every zone, for select lists (sorted, with UTC first), plus the current one when ICU spells it differently. */
export function timeZoneOptions(current?: string): string[] {
  const zones = new Set(TIME_ZONES);
  if (current && isTimeZone(current)) zones.add(current);
  return ['UTC', ...[...zones].filter((zone) => zone !== 'UTC').sort()];
}

export const COMMON_CURRENCIES = [
  'GBP',
  'EUR',
  'USD',
  'CAD',
  'AUD',
  'NZD',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'IEP',
  'ZAR',
  'SGD',
  'JPY',
].filter((code) => CURRENCIES.has(code));

/** Dates outside this range are typos or probes; PostgreSQL would take them, nobody books in them. */
export const DATE_YEAR_RANGE = { min: 2000, max: 2100 } as const;

/** "2026-12-01T09:00:00Z", "2026-12-01T09:00+01:00", "2026-12-01T09:00:00.250-05:30": an offset is required. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < DATE_YEAR_RANGE.min || year > DATE_YEAR_RANGE.max) return false;
  // Date.UTC rolls 2026-02-30 over to March 2; a real date survives the round trip unchanged.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A real instant written as ISO 8601 with an offset: the calendar date exists (no 2026-13-01 or 02-30), the
 * clock is 00:00–23:59:59, the offset is at most ±14:00, and the year is within DATE_YEAR_RANGE. The one check
 * behind every date-time field and query of both doors, so `new Date(value)` afterwards is never Invalid Date.
 */
export function isIsoDateTime(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) return false;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return false;
  if (offsetHours !== undefined && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59)) return false;
  return !Number.isNaN(new Date(value).getTime());
}

/** A real calendar date "YYYY-MM-DD" within DATE_YEAR_RANGE. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A real local wall-clock time "HH:MM" (00:00–23:59), as the web forms send it. */
export function isLocalTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match !== null && Number(match[1]) <= 23 && Number(match[2]) <= 59;
}

/** A code from the current ISO 4217 list (ICU's), in any letter case: services store it upper-cased. */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && value.length === 3 && isCurrency(value.toUpperCase());
}

/** The shape of every id the app hands out (gen_random_uuid / randomUUID). One pattern for every module. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
