import { addDays, localDateOf, zonedTimeToUtc } from '../../common/time/zoned-time.js';

/**
 * When a purchase stops being usable: the end (23:59:59.999 local) of the local day `validityDays` after the
 * purchase day, in the trainer's zone. Computed from local dates, so a daylight-saving change in between
 * never moves it off the end of the day. Null when the package never expires.
 */
export function expiryFor(purchasedAt: Date, validityDays: number | null | undefined, timeZone: string): Date | null {
  if (validityDays === null || validityDays === undefined) return null;
  const lastDay = addDays(localDateOf(purchasedAt, timeZone), validityDays);
  return new Date(zonedTimeToUtc(addDays(lastDay, 1), '00:00', timeZone).getTime() - 1);
}
