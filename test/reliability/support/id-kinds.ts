import type { IdKind } from './tenants.js';

/** The resource a path segment names: /clients/:id is a client, /days-off/:id a day off. */
const SEGMENT_KINDS: Record<string, IdKind> = {
  clients: 'client',
  packages: 'package',
  purchases: 'purchase',
  bookings: 'booking',
  payments: 'payment',
  'days-off': 'dayOff',
  sessions: 'webSession',
  devices: 'device',
};

/** Id-carrying names of path parameters and of body or query fields. */
const NAME_KINDS: Record<string, IdKind> = {
  clientId: 'client',
  packageId: 'package',
  purchaseId: 'purchase',
  clientPackageId: 'purchase',
  bookingId: 'booking',
  excludeBookingId: 'booking',
  paymentId: 'payment',
  dayOffId: 'dayOff',
  handle: 'webSession',
  familyId: 'device',
  trainerId: 'trainer',
  // The booking form's "Payment" select: "session" or the id of a purchase whose credit pays.
  payWith: 'purchase',
};

/** The kind of id a path parameter holds, or undefined when the generator cannot tell (the check then fails). */
export function kindOfPathParam(path: string, param: string): IdKind | undefined {
  if (param !== 'id') return NAME_KINDS[param];
  const segments = path.split('/');
  const at = segments.indexOf(':id');
  return SEGMENT_KINDS[segments[at - 1] ?? ''];
}

/** The kind of id a body or query field holds; undefined for a field that is not an id. */
export function kindOfField(name: string): IdKind | undefined {
  return NAME_KINDS[name];
}

/** Does this field name or format look like it carries an id? Such a field with no kind fails the check. */
export function looksLikeId(name: string, format?: string): boolean {
  return format === 'uuid' || /(Id|Ids|_id)$/.test(name) || name === 'id';
}

/** The form fields the web door reads ids from (no metadata says which handler reads which field). */
export const WEB_ID_FIELDS = Object.keys(NAME_KINDS).filter(
  (name) => !['handle', 'familyId', 'dayOffId', 'excludeBookingId', 'trainerId'].includes(name),
);
