/**
 * The one place dates, times and money are formatted for people: "Tue 3 Dec, 09:00", "£45.00". Templates only
 * ever receive these strings (see each module's *.views.ts).
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const id = `${timeZone}|${key}`;
  let format = cache.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options });
    cache.set(id, format);
  }
  return format;
}

/** "Tue 3 Dec, 09:00" */
export function formatDateTime(instant: Date, timeZone: string): string {
  const day = dateTimeFormat(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }, 'day').format(instant);
  return `${day.replace(',', '')}, ${formatTime(instant, timeZone)}`;
}

/** "Tue 3 Dec" */
export function formatDay(instant: Date, timeZone: string): string {
  return dateTimeFormat(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }, 'day')
    .format(instant)
    .replace(',', '');
}

/** "3 Dec 2026" */
export function formatLongDate(instant: Date, timeZone: string): string {
  return dateTimeFormat(timeZone, { day: 'numeric', month: 'short', year: 'numeric' }, 'long').format(instant);
}

/** "09:00" */
export function formatTime(instant: Date, timeZone: string): string {
  return dateTimeFormat(timeZone, { hour: '2-digit', minute: '2-digit' }, 'time').format(instant);
}

/** "09:00–10:00" */
export function formatTimeRange(start: Date, end: Date, timeZone: string): string {
  return `${formatTime(start, timeZone)}–${formatTime(end, timeZone)}`;
}

const moneyCache = new Map<string, Intl.NumberFormat>();

/** "£45.00" from 4500 minor units; respects currencies without minor units (JPY). */
export function formatMoney(minor: number | bigint, currency: string): string {
  let format = moneyCache.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    moneyCache.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(Number(minor) / 10 ** digits);
}

/** Minor units per major unit for a currency: 100 for GBP, 1 for JPY. */
export function minorUnitsPerMajor(currency: string): number {
  const digits =
    new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

/** Parses "45", "45.5" or "45.50" typed in a form into minor units; null when it is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[£$€,\s]/g, '');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * minorUnitsPerMajor(currency));
}
