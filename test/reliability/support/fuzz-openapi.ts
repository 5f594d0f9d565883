import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { TenantIds } from './fuzz-tenants.js';
import {
  deepValue,
  encodeComponent,
  expandPlaceholders,
  expandText,
  extraKey,
  hugeString,
  impossibleDate,
  JUNK_IDS,
  junkValue,
  plausibleDate,
  plausibleInstant,
  unicodeString,
} from './fuzz-values.js';

/**
 * Requests generated from the committed OpenAPI document: for each operation, bodies and queries that follow
 * its schema ("valid-ish"), then one mutation (wrong types, nulls, huge, deep, NUL bytes, hostile Unicode,
 * impossible dates, extra fields, a broken body) and path ids that are the caller's, another tenant's or junk.
 */

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

export interface FuzzRequest {
  operationId: string;
  mutation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as sent (placeholders still in; see expandPlaceholders). */
  payload?: string;
  auth: 'owner' | 'none' | 'junk';
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

export function loadOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(join(process.cwd(), 'test', 'contract', 'openapi.json'), 'utf8')) as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return ops;
}

export interface IdPools {
  own: TenantIds;
  other: TenantIds;
}

type IdKind = keyof TenantIds;

/** Which kind of object an id names, from the field or the path segment before it. */
function idKindFor(name: string, path = ''): IdKind {
  const n = name.toLowerCase();
  if (n.includes('clientpackage') || n.includes('purchase')) return 'purchase';
  if (n.includes('package')) return 'package';
  if (n.includes('booking')) return 'booking';
  if (n.includes('client')) return 'client';
  if (n.includes('payment')) return 'payment';
  if (path.includes('/packages/')) return 'package';
  if (path.includes('/bookings/')) return 'booking';
  if (path.includes('/clients/')) return 'client';
  return 'client';
}

const ALL_KINDS: IdKind[] = ['client', 'package', 'purchase', 'booking', 'payment', 'dayOff'];

function idArb(pools: IdPools, kind: IdKind): fc.Arbitrary<string> {
  const own = pools.own[kind];
  const other = pools.other[kind];
  const anyOwn = ALL_KINDS.flatMap((k) => pools.own[k]);
  const anyOther = ALL_KINDS.flatMap((k) => pools.other[k]);
  return fc.oneof(
    { weight: 6, arbitrary: own.length ? fc.constantFrom(...own) : fc.uuid() },
    { weight: 3, arbitrary: other.length ? fc.constantFrom(...other) : fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...anyOwn, ...anyOther) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

/** A path id: the caller's (right or wrong kind), another tenant's, random, or not an id at all. */
function pathIdArb(pools: IdPools, kind: IdKind): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: idArb(pools, kind) },
    { weight: 2, arbitrary: fc.constantFrom(...JUNK_IDS) },
    { weight: 1, arbitrary: unicodeString.map(encodeComponent) },
  );
}

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 10; i += 1) {
    if (current.$ref) current = doc.components.schemas[current.$ref.split('/').pop() ?? ''] ?? {};
    else if (current.allOf?.length === 1 && current.allOf[0])
      current = { ...current, ...resolve(doc, current.allOf[0]), allOf: undefined };
    else return current;
  }
  return current;
}

const looksLikeInstant = (name: string) => /time$|At$|^from$|^to$/i.test(name);

/** A value that follows the schema, most of the time within its bounds. */
function validishArb(
  doc: OpenApiDocument,
  pools: IdPools,
  raw: Schema,
  name: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? 0;
        const max = schema.maximum ?? Math.max(min + 100_000, 100_000);
        return fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min, max }) },
          { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0.5, -0, 2 ** 31, 2 ** 53, -(2 ** 31) - 1) },
        );
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3
          ? fc.constant([])
          : fc.array(validishArb(doc, pools, schema.items ?? {}, name, depth + 1), { maxLength: 5 });
      case 'object':
        return objectArb(doc, pools, schema, depth + 1);
      default:
        break;
    }
    if (schema.format === 'uuid') return idArb(pools, idKindFor(name));
    if (schema.format === 'date')
      return fc.oneof({ weight: 6, arbitrary: plausibleDate }, { weight: 1, arbitrary: impossibleDate });
    if (schema.pattern?.includes(':')) {
      const hhmm = fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
      return fc.oneof(
        { weight: 6, arbitrary: hhmm },
        { weight: 1, arbitrary: fc.constantFrom('24:00', '25:61', '99:99', '-1:00', '7:00', '07:00:00') },
      );
    }
    if (looksLikeInstant(name))
      return fc.oneof({ weight: 6, arbitrary: plausibleInstant }, { weight: 1, arbitrary: impossibleDate });
    if (/email/i.test(name))
      return fc.oneof(
        fc.emailAddress(),
        fc.constant('demo@trainerhub.app'),
        unicodeString.map((s) => `${s}@example.test`),
      );
    if (/currency/i.test(name)) return fc.constantFrom('GBP', 'EUR', 'USD', 'G1P', 'gbp', 'XXX', 'ABCD', '');
    if (/timezone/i.test(name))
      return fc.constantFrom(
        'Europe/London',
        'America/New_York',
        'Asia/Kolkata',
        'Mars/Olympus',
        'UTC',
        '',
        '../../etc',
      );
    if (/password/i.test(name)) return fc.string({ minLength: 0, maxLength: 40 });
    const maxLength = Math.min(schema.maxLength ?? 200, 300);
    return fc.oneof(
      { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: Math.min(maxLength, 40) }) },
      { weight: 2, arbitrary: unicodeString },
    );
  })();
  return schema.nullable ? fc.oneof({ weight: 6, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function objectArb(
  doc: OpenApiDocument,
  pools: IdPools,
  schema: Schema,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, prop] of Object.entries(properties)) model[key] = validishArb(doc, pools, prop, key, depth);
  if (Object.keys(model).length === 0) return fc.constant({});
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** Mutations of one valid-ish object body; each names itself so a failure says what was tried. */
function mutateBody(
  body: Record<string, unknown>,
  schema: Schema,
  doc: OpenApiDocument,
): fc.Arbitrary<{ mutation: string; body: unknown }> {
  const keys = Object.keys(resolve(doc, schema).properties ?? {});
  const fieldArb = keys.length ? fc.constantFrom(...keys) : fc.constant('name');
  const set = (mutation: string, value: fc.Arbitrary<unknown>) =>
    fc
      .tuple(fieldArb, value)
      .map(([field, v]) => ({ mutation: `${mutation}:${field}`, body: { ...body, [field]: v } }));
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant({ mutation: 'validish', body }) },
    { weight: 3, arbitrary: set('wrong-type', junkValue) },
    { weight: 2, arbitrary: set('null', fc.constant(null)) },
    { weight: 1, arbitrary: set('huge', hugeString) },
    { weight: 2, arbitrary: set('deep', deepValue) },
    { weight: 2, arbitrary: set('nul', fc.constantFrom('x\u0000', '\u0000', 'a\u0000b\u0000')) },
    { weight: 3, arbitrary: set('unicode', unicodeString) },
    { weight: 2, arbitrary: set('impossible-date', impossibleDate) },
    {
      weight: 2,
      arbitrary: fc.tuple(extraKey, junkValue).map(([key, value]) => {
        const copy: Record<string, unknown> = { ...body };
        Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
        return { mutation: `extra-field:${key}`, body: copy };
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<unknown>([], [body], 'text', 42, null, true, {}, [[[[]]]])
        .map((value) => ({ mutation: 'body-shape', body: value })),
    },
  );
}

/** A body text that is not the JSON its content type claims. */
const BROKEN_BODIES = [
  '{',
  '{"name":',
  '{"name":"a"',
  'null',
  '',
  '\u0000',
  '[]]',
  '{"a":1}{"b":2}',
  '{"name":"\\ud800"}',
  '{"name":"\\u0000"}',
  "{'name':'a'}",
  '\uFEFF{"name":"bom"}',
];

function queryArb(
  doc: OpenApiDocument,
  pools: IdPools,
  params: Parameter[],
): fc.Arbitrary<{ mutation: string; query: string }> {
  const query = params.filter((p) => p.in === 'query');
  if (query.length === 0) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant({ mutation: 'no-query', query: '' }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(extraKey, unicodeString)
          .map(([k, v]) => ({ mutation: 'extra-query', query: `${encodeComponent(k)}=${encodeComponent(v)}` })),
      },
    );
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of query) model[p.name] = validishArb(doc, pools, p.schema, p.name);
  const required = query.filter((p) => p.required).map((p) => p.name);
  const names = query.map((p) => p.name);
  return fc
    .tuple(
      fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>,
      fc.oneof(
        { weight: 5, arbitrary: fc.constant<[string, string | null]>(['validish', null]) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom(...names), fc.constantFrom('%00', 'x%00', '%C0%AE', '%ED%A0%80', '%', '%zz'))
            .map(([n, v]) => [`raw-bytes:${n}`, `${n}=${v}`] as [string, string]),
        },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom(...names), impossibleDate)
            .map(([n, v]) => [`impossible-date:${n}`, `${n}=${encodeComponent(v)}`] as [string, string]),
        },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom(...names), junkValue)
            .map(
              ([n, v]) =>
                [
                  `wrong-type:${n}`,
                  `${n}=${encodeComponent(typeof v === 'string' ? expandText(v) : (JSON.stringify(v) ?? ''))}`,
                ] as [string, string],
            ),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...names)
            .map((n) => [`repeated:${n}`, `${n}=a&${n}=b&${n}[]=c`] as [string, string]),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...names)
            .map((n) => [`object:${n}`, `${n}[a]=1&${n}[__proto__][x]=1`] as [string, string]),
        },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom(...names), unicodeString)
            .map(([n, v]) => [`unicode:${n}`, `${n}=${encodeComponent(v)}`] as [string, string]),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(extraKey, unicodeString)
            .map(([k, v]) => ['extra-query', `${encodeComponent(k)}=${encodeComponent(v)}`] as [string, string]),
        },
      ),
    )
    .map(([values, [mutation, extra]]) => {
      const parts = Object.entries(values).map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(String(v))}`);
      if (extra) parts.push(extra);
      return { mutation, query: parts.join('&') };
    });
}

const idempotencyKeyArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.uuid() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'k',
      'a'.repeat(255),
      'a'.repeat(256),
      'b'.repeat(4000),
      'key with spaces',
      '%00',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary-ascii', minLength: 1, maxLength: 60 })
      .map((s) => s.replace(/[^\x21-\x7e]/g, 'x')),
  },
);

/** One arbitrary request for one operation. */
export function requestArb(doc: OpenApiDocument, pools: IdPools, op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const pathArb = fc
    .tuple(...pathParams.map((p) => pathIdArb(pools, idKindFor(p.name, op.path))))
    .map((values) => pathParams.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i] ?? ''), op.path));
  const body = op.body;
  const bodyArb: fc.Arbitrary<{ mutation: string; payload?: string; contentType?: string }> = body
    ? fc.oneof(
        {
          weight: 12,
          arbitrary: (validishArb(doc, pools, body, 'body') as fc.Arbitrary<Record<string, unknown>>)
            .chain((valid) => mutateBody(valid, body, doc))
            .map(({ mutation, body: value }) => ({
              mutation,
              payload: JSON.stringify(value) ?? 'null',
              contentType: 'application/json',
            })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...BROKEN_BODIES)
            .map((payload) => ({ mutation: 'broken-json', payload, contentType: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/xml',
              'multipart/form-data; boundary=x',
              'application/json; charset=utf-16',
            )
            .map((contentType) => ({
              mutation: `content-type:${contentType}`,
              payload: 'name=a&email=b',
              contentType,
            })),
        },
      )
    : fc.oneof(
        { weight: 8, arbitrary: fc.constant({ mutation: 'no-body' }) },
        {
          weight: 1,
          arbitrary: junkValue.map((v) => ({
            mutation: 'unexpected-body',
            payload: JSON.stringify(v) ?? 'null',
            contentType: 'application/json',
          })),
        },
      );
  const needsKey = op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
  return fc
    .record({
      path: pathArb,
      query: queryArb(doc, pools, op.parameters),
      body: bodyArb,
      key: needsKey ? idempotencyKeyArb : fc.constant(undefined),
      auth: fc.constantFrom<FuzzRequest['auth']>(...(Array(30).fill('owner') as 'owner'[]), 'none', 'junk'),
    })
    .map(({ path, query, body: b, key, auth }) => {
      const headers: Record<string, string> = {};
      if (b.contentType) headers['content-type'] = b.contentType;
      if (key !== undefined) headers['idempotency-key'] = key;
      const mutations = [b.mutation, query.mutation].filter(
        (m) => m !== 'no-body' && m !== 'no-query' && m !== 'validish',
      );
      return {
        operationId: op.operationId,
        mutation: mutations.join('+') || 'validish',
        method: op.method,
        url: query.query ? `${path}?${query.query}` : path,
        headers,
        payload: b.payload,
        auth,
      };
    });
}

/** Every operation, the auth ones (argon2 on each try) weighted down so the run stays fast. */
export function allRequestsArb(doc: OpenApiDocument, pools: IdPools, ops: Operation[]): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...ops.map((op) => ({
      weight: op.path.startsWith('/api/v1/auth/') ? 1 : 3,
      arbitrary: requestArb(doc, pools, op),
    })),
  );
}

export { expandPlaceholders };
