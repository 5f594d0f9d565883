import { formatDateTime } from './format.js';

/**
 * The city people know an IANA zone by: "Europe/London" → "London", "America/New_York" → "New York",
 * "America/Argentina/Buenos_Aires" → "Buenos Aires". Zones without a city ("UTC", "Etc/GMT+5") keep their id.
 */
export function zoneCityName(timeZone: string): string {
  const parts = timeZone.split('/');
  if (parts.length < 2 || parts[0] === 'Etc') return timeZone;
  return (parts.at(-1) ?? timeZone).replace(/_/g, ' ');
}

/** "London time", or "UTC" for a zone that is not a place. */
export function zoneLabel(timeZone: string): string {
  const city = zoneCityName(timeZone);
  return city === timeZone ? timeZone : `${city} time`;
}

/**
 * "Tue 3 Dec, 09:00 (London time)": a time read far from the app (an email, a calendar invite) says whose clock
 * it is on, so a client in another zone is not sent to the wrong hour.
 */
export function formatDateTimeInZone(instant: Date, timeZone: string): string {
  return `${formatDateTime(instant, timeZone)} (${zoneLabel(timeZone)})`;
}
