import fc from 'fast-check';
import type { AppRoute } from './route-table.js';
import type { Tenant } from './tenants.js';
import {
  encodeComponent,
  expandText,
  extraKey,
  impossibleDate,
  JUNK_IDS,
  unicodeString,
  hugeString,
  deepValue,
  plausibleDate,
} from './fuzz-values.js';

/**
 * Junk HTML form posts: the field names the app's own pages use (harvested from their markup), filled with
 * hostile values, plus stray fields; the path ids are the signed-in trainer's, another tenant's or junk.
 */

/** The tenant's id for a route parameter, by the parameter's name and the route it sits in. */
export function ownIdFor(route: AppRoute, param: string, tenant: Tenant): string {
  if (param === 'handle') return tenant.ids.webSession;
  if (param === 'familyId') return tenant.ids.device;
  if (route.path.startsWith('/packages/')) return tenant.ids.package;
  if (route.path.startsWith('/bookings/')) return tenant.ids.booking;
  if (route.path.startsWith('/availability/')) return tenant.ids.dayOff;
  if (route.path.startsWith('/clients/')) return tenant.ids.client;
  throw new Error(`fuzz-web: no id of the tenant fits :${param} in ${route.path}; teach ownIdFor about it`);
}

/** Every `name="…"` of a form control in a page, except the CSRF token (which the fuzzer always sends right). */
export function fieldNamesIn(html: string): string[] {
  const names = new Set<string>();
  for (const match of html.matchAll(/<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"/g)) {
    if (match[1] && match[1] !== '_csrf') names.add(match[1]);
  }
  return [...names];
}

export interface JunkPost {
  route: AppRoute;
  url: string;
  /** The urlencoded body, without the CSRF token. */
  body: string;
  htmx: boolean;
  mutation: string;
}

const valueArb: fc.Arbitrary<{ mutation: string; value: string }> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }).map((value) => ({ mutation: 'text', value })) },
  { weight: 3, arbitrary: unicodeString.map((value) => ({ mutation: 'unicode', value })) },
  { weight: 2, arbitrary: fc.constantFrom('x\u0000', '\u0000').map((value) => ({ mutation: 'nul', value })) },
  { weight: 2, arbitrary: impossibleDate.map((value) => ({ mutation: 'impossible-date', value })) },
  { weight: 1, arbitrary: plausibleDate.map((value) => ({ mutation: 'date', value })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '-1',
        '0',
        '1e309',
        'NaN',
        '99999999999999999999',
        '12.5.6',
        '0x10',
        '',
        ' ',
        'on',
        'true',
        'G1P',
        'ZZZ',
      )
      .map((value) => ({ mutation: 'bad-scalar', value })),
  },
  { weight: 1, arbitrary: hugeString.map((value) => ({ mutation: 'huge', value })) },
  { weight: 1, arbitrary: deepValue.map((value) => ({ mutation: 'deep', value })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...JUNK_IDS).map((value) => ({ mutation: 'junk-id', value: decodeSafe(value) })),
  },
);

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** One junk post for a route, given the field names the app's pages use. */
export function junkPostArb(route: AppRoute, fields: string[], own: Tenant, other: Tenant): fc.Arbitrary<JunkPost> {
  const idArb = (param: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(encodeComponent(ownIdFor(route, param, own))) },
      { weight: 2, arbitrary: fc.constant(encodeComponent(ownIdFor(route, param, other))) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: fc.constantFrom(...JUNK_IDS) },
    );
  const pathArb = fc
    .tuple(...route.params.map(idArb))
    .map((values) => route.params.reduce((path, param, i) => path.replace(`:${param}`, values[i] ?? ''), route.path));
  const fieldArb = fc.tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...(fields.length ? fields : ['name'])) },
      { weight: 1, arbitrary: extraKey },
    ),
    valueArb,
  );
  return fc
    .record({
      path: pathArb,
      pairs: fc.array(fieldArb, { minLength: 0, maxLength: 10 }),
      repeat: fc.boolean(),
      htmx: fc.boolean(),
    })
    .map(({ path, pairs, repeat, htmx }) => {
      const parts = pairs.map(([name, { value }]) => `${encodeComponent(name)}=${encodeComponent(expandText(value))}`);
      // The same field twice arrives as an array, which form parsers often do not expect.
      if (repeat && pairs[0]) parts.push(parts[0] ?? '');
      const mutation = [...new Set(pairs.map(([, v]) => v.mutation))].join('+') || 'empty';
      return { route, url: path, body: parts.join('&'), htmx, mutation: repeat ? `${mutation}+repeated` : mutation };
    });
}
