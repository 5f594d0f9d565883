/**
 * Intl formatters, built once per distinct set of options and kept. Building one costs tens of microseconds and
 * memory outside the JS heap (ICU), so a view that built a few dozen per request was slow and grew the process's
 * RSS under load. The option sets come from code plus time zones and currencies, so the maps stay small.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** An en-GB date/time formatter for these options (give `timeZone`: the server's own zone never applies). */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', options);
    dateFormats.set(key, format);
  }
  return format;
}

/** An en-GB number formatter for these options. */
export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', options);
    numberFormats.set(key, format);
  }
  return format;
}
