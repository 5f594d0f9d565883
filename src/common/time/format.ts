/**
 * The one place dates, times and money are formatted for people: "Tue 3 Dec, 09:00", "£45.00". Templates only
 * ever receive these strings (see each module's *.views.ts).
 */
import { dateFormat, numberFormat } from './intl-formats.js';

function dateTimeFormat(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateFormat({ timeZone, hourCycle: 'h23', ...options });
}

/** "Tue 3 Dec, 09:00" */
export function formatDateTime(instant: Date, timeZone: string): string {
  const day = dateTimeFormat(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(instant);
  return `${day.replace(',', '')}, ${formatTime(instant, timeZone)}`;
}

/** "Tue 3 Dec" */
export function formatDay(instant: Date, timeZone: string): string {
  return dateTimeFormat(timeZone, { weekday: 'short', day: 'numeric', month: 'short' })
    .format(instant)
    .replace(',', '');
}

/** "3 Dec 2026" */
export function formatLongDate(instant: Date, timeZone: string): string {
  return dateTimeFormat(timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(instant);
}

/** "09:00" */
export function formatTime(instant: Date, timeZone: string): string {
  return dateTimeFormat(timeZone, { hour: '2-digit', minute: '2-digit' }).format(instant);
}

/** "09:00–10:00" */
export function formatTimeRange(start: Date, end: Date, timeZone: string): string {
  return `${formatTime(start, timeZone)}–${formatTime(end, timeZone)}`;
}

/** "£45.00" from 4500 minor units; respects currencies without minor units (JPY). */
export function formatMoney(minor: number | bigint, currency: string): string {
  const format = numberFormat({ style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(Number(minor) / 10 ** digits);
}

/** Minor units per major unit for a currency: 100 for GBP, 1 for JPY. */
export function minorUnitsPerMajor(currency: string): number {
  const digits = numberFormat({ style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

/** "1,080": a count as people read it. */
export function formatCount(n: number): string {
  return numberFormat().format(n);
}

/** Parses "45", "45.5" or "45.50" typed in a form into minor units; null when it is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[£$€,\s]/g, '');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * minorUnitsPerMajor(currency));
}
