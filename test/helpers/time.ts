/**
 * An ISO instant some whole days from now (negative: in the past) at a fixed UTC hour and minute, so tests never
 * collide with "now" and sessions never overlap by accident. An ISO string goes straight into JSON, query strings
 * and `new Date()`.
 */
export function daysFromNow(days: number, hourUtc = 10, minute = 0): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hourUtc, minute, 0, 0);
  return date.toISOString();
}
