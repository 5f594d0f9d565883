import { nextBookingStart } from './tenants.js';

let sampleCounter = 0;
const HOURS_A_DAY = 16;

/** A future local date and hour no recent sample used (within a year, so seeded packages are still valid). */
function nextSlot(): { date: string; time: string } {
  sampleCounter += 1;
  // A new day for every sample (days off must differ), the hour moving on once the 300 days are used.
  const day = 30 + (sampleCounter % 300);
  const hour = 6 + (Math.floor(sampleCounter / 300) % HOURS_A_DAY);
  return {
    date: new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10),
    time: `${String(hour).padStart(2, '0')}:00`,
  };
}

/** A future local date that recent samples did not use, so days off never collide. */
export function futureDate(): string {
  return nextSlot().date;
}

/**
 * One valid value for every field of the app's HTML forms (clients, bookings, packages, sales, days off).
 * Each handler reads only the fields it knows, so one body fits every form and a probe reaches past form
 * validation to the tenancy check. Password and profile fields are left out: a probe must not lock its own
 * user out or change the trainer's currency.
 */
export function webFormSample(): Record<string, string> {
  const { date, time } = nextSlot();
  return {
    name: 'Probe Person',
    email: 'probe@example.test',
    phone: '+44 7700 900123',
    notes: 'probe',
    date,
    time,
    durationMinutes: '60',
    customMinutes: '60',
    price: '45',
    reason: 'probe',
    cancelledBy: 'trainer',
    sessionCount: '5',
    validityDays: '30',
    description: 'probe',
    paymentMethod: 'card',
    paid: 'now',
    confirmOutsideHours: 'on',
    payWith: 'session',
    amount: '5',
    note: 'probe',
    method: 'card',
    towards: '',
  };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, SchemaObject> };
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: SchemaObject }>;
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
}

export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  items?: SchemaObject;
  allOf?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
}

/** Fields whose documented example is a fixed date that may already be past. */
const FRESH_VALUES: Record<string, () => unknown> = {
  startTime: () => nextBookingStart(),
  paidAt: () => new Date().toISOString(),
  date: () => futureDate(),
};

export function resolveSchema(doc: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject {
  let current = schema ?? {};
  while (current.$ref) current = doc.components.schemas[current.$ref.split('/').at(-1) ?? ''] ?? {};
  if (current.allOf?.length === 1) return resolveSchema(doc, current.allOf[0]);
  return current;
}

/** A valid sample of a schema: documented examples first, then the type's simplest valid value. */
export function sampleOf(doc: OpenApiDocument, schema: SchemaObject | undefined, name = ''): unknown {
  const fresh = FRESH_VALUES[name];
  if (fresh) return fresh();
  const raw = schema ?? {};
  if (raw.example !== undefined) return raw.example;
  const resolved = resolveSchema(doc, raw);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.default !== undefined) return resolved.default;
  if (resolved.enum?.length) return resolved.enum[0];
  switch (resolved.type) {
    case 'integer':
    case 'number':
      return resolved.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return sampleBody(doc, resolved, () => undefined);
    default:
      return 'probe';
  }
}

/**
 * A valid request body for a schema: its required fields plus every id field, ids taken from `idFor` (which
 * names the field) and everything else from sampleOf.
 */
export function sampleBody(
  doc: OpenApiDocument,
  schema: SchemaObject | undefined,
  idFor: (field: string, format?: string) => string | undefined,
): Record<string, unknown> {
  const resolved = resolveSchema(doc, schema);
  const body: Record<string, unknown> = {};
  const required = new Set(resolved.required ?? []);
  for (const [field, property] of Object.entries(resolved.properties ?? {})) {
    const id = idFor(field, resolveSchema(doc, property).format ?? property.format);
    if (id !== undefined) body[field] = id;
    else if (required.has(field)) body[field] = sampleOf(doc, property, field);
  }
  return body;
}
