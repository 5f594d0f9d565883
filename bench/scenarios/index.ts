import { a1Summary, a2RevenueByWeek, a3ReportFragment, a4Retention } from './a-analytics.js';
import { d0Page, d1Stats, d2Upcoming, d3Clients, d4Revenue } from './d-dashboard.js';
import { s1BookingsListFragment } from './s1-bookings-list-fragment.js';
import { s2DeepPage, s2FirstPage } from './s2-bookings-api-page.js';
import { s3BookingCreate } from './s3-booking-create.js';
import { s6Me } from './s6-me.js';
import type { Scenario } from './types.js';

/**
 * Every scenario, in run order: the bookings routes (S), the dashboard's sections (D) and the analytics API (A).
 * The reminders (S4) are a family of their own (bench/reminders/, `npm run bench -- reminders`).
 */
export const SCENARIOS: readonly Scenario[] = [
  s1BookingsListFragment,
  s2FirstPage,
  s2DeepPage,
  s3BookingCreate,
  s6Me,
  d0Page,
  d1Stats,
  d2Upcoming,
  d3Clients,
  d4Revenue,
  a1Summary,
  a2RevenueByWeek,
  a4Retention,
  a3ReportFragment,
];

/** `--scenarios S1,S2` selects by id; "S2" also selects its variants (S2-deep). */
export function selectScenarios(ids: string[] | undefined): Scenario[] {
  if (!ids || ids.length === 0) return [...SCENARIOS];
  const wanted = ids.map((id) => id.trim().toUpperCase());
  const chosen = SCENARIOS.filter((scenario) =>
    wanted.some((id) => scenario.id.toUpperCase() === id || scenario.id.toUpperCase().startsWith(`${id}-`)),
  );
  const unknown = wanted.filter(
    (id) =>
      !SCENARIOS.some((scenario) => scenario.id.toUpperCase() === id || scenario.id.toUpperCase().startsWith(`${id}-`)),
  );
  if (unknown.length > 0)
    throw new Error(`unknown scenario(s): ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.id).join(', ')})`);
  return chosen;
}
