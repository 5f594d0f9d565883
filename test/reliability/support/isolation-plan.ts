import { kindOfField, kindOfPathParam, looksLikeId, WEB_ID_FIELDS } from './id-kinds.js';
import type { AppRoute, RouteTable } from './route-table.js';
import { routeKey } from './route-table.js';
import {
  resolveSchema,
  sampleBody,
  sampleOf,
  webFormSample,
  type OpenApiDocument,
  type OpenApiOperation,
} from './samples.js';
import type { IdKind, Tenant } from './tenants.js';

/**
 * Routes no controller owns: files and the Swagger UI. They take no tenant data. A new unowned route fails the
 * check until it is listed here with a reason.
 */
export const UNOWNED_ALLOWED: Record<string, string> = {
  'GET /*': 'static files (public/, vendor scripts)',
  'GET /docs': 'Swagger UI',
  'GET /docs*': 'Swagger UI files',
  'GET /docs/swagger-ui-init.js': 'Swagger UI',
  'GET /docs/docs/swagger-ui-init.js': 'Swagger UI',
  'GET /docs/index.html': 'Swagger UI',
  'GET /docs/LICENSE': 'Swagger UI',
  'GET /docs/openapi.json': 'the OpenAPI document',
  'GET /docs/openapi.yaml': 'the OpenAPI document',
};

/** Controller routes open to anyone, which hold no tenant data and take no id. Kept small on purpose. */
export const OPEN_ALLOWED: Record<string, string> = {
  'GET /': 'landing page',
  'GET /login': 'login form',
  'POST /login': 'login',
  'GET /register': 'sign-up form',
  'POST /register': 'sign-up',
  'POST /logout': 'ends the caller’s own session',
  'POST /api/v1/auth/register': 'sign-up',
  'POST /api/v1/auth/login': 'login',
  'POST /api/v1/auth/refresh': 'token refresh (auth-attacks covers reuse)',
  'POST /api/v1/auth/logout': 'revokes the presented token’s own family',
  'GET /health': 'liveness',
  'GET /health/ready': 'readiness',
  'GET /unsubscribe/:token':
    'the opt-out page of an e-mail link: the signed token is the only credential (unsubscribe e2e)',
  'POST /unsubscribe/:token': 'one-click opt-out (RFC 8058): the signed token is the only credential (unsubscribe e2e)',
};

/**
 * Routes open to anyone whose only credential is a signed token in the path (an e-mail's opt-out link). There
 * is no session to attack, so no tenant probe and no CSRF check applies; test/e2e/web/unsubscribe.e2e-spec.ts
 * proves that a forged token, or one naming another trainer's client, answers 404 and changes nothing.
 */
export const SIGNED_TOKEN_ROUTES: Record<string, string> = {
  'GET /unsubscribe/:token': 'the opt-out page of an e-mail link',
  'POST /unsubscribe/:token': 'one-click opt-out (RFC 8058): a mail provider posts it with no cookie',
};

/**
 * Admin-only routes whose path parameters name no tenant's row. Trainer B calls each once and must get 403 (a leak
 * check); test/e2e/api/admin-queues.e2e-spec.ts covers what an admin gets for unknown values.
 */
export const ADMIN_NON_TENANT_PATHS: Record<string, string> = {
  'POST /api/v1/admin/jobs/:queue/:id/retry': 'a queue name and a BullMQ job id',
};

/**
 * Web routes that read an id from the form or query. The web door has no schema saying which handler reads
 * which field, so every id field is tried on every id-less web route; on these, another trainer's id must
 * answer 404 exactly (re-parenting refused), elsewhere it must answer as an unknown id would.
 */
export const WEB_ID_CONSUMERS: Record<string, { reads: string[]; requires: string[] }> = {
  'POST /bookings/create': { reads: ['clientId', 'payWith'], requires: ['clientId'] },
  'POST /packages/sell': { reads: ['clientId', 'packageId'], requires: ['clientId', 'packageId'] },
};

export type Expectation = 'notFound' | 'forbidden' | 'sameAsUnknown';

export interface Probe {
  route: AppRoute;
  /** "GET /clients/:id (path id=client)" and the like, for messages. */
  name: string;
  /** Where the victim's id goes. */
  slot: { where: 'path' | 'body' | 'query'; field: string; kind: IdKind };
  htmx: boolean;
  expect: Expectation;
  /** Builds the request with the victim's id in the slot and the caller's own ids everywhere else. */
  build: (
    victimId: string,
    own: Tenant,
  ) => { url: string; body?: Record<string, unknown>; query?: Record<string, unknown> };
}

export interface Plan {
  probes: Probe[];
  /** Id-less routes: called once by the intruder and checked for leaks only. */
  leakChecks: AppRoute[];
  /** Routes the generator could not cover, with why: each one fails the check. */
  unclassified: string[];
  /** Routes on an allow-list, with its reason. */
  allowed: string[];
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

const isAdminOnly = (route: AppRoute) => route.roles.length > 0 && !route.roles.includes('trainer');

interface IdField {
  where: 'body' | 'query';
  field: string;
  kind: IdKind;
}

/** Id fields of an API operation, from the OpenAPI document; an id-like field of unknown kind is reported. */
function apiIdFields(
  doc: OpenApiDocument,
  operation: OpenApiOperation,
  problems: string[],
): { fields: IdField[]; bodySchema?: unknown; required: Array<{ name: string; schema: unknown }> } {
  const fields: IdField[] = [];
  const required: Array<{ name: string; schema: unknown }> = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query') continue;
    const format = resolveSchema(doc, parameter.schema).format;
    const kind = kindOfField(parameter.name);
    if (kind) fields.push({ where: 'query', field: parameter.name, kind });
    else if (looksLikeId(parameter.name, format))
      problems.push(`query field ${parameter.name} looks like an id of an unknown kind`);
    else if (parameter.required) required.push({ name: parameter.name, schema: parameter.schema });
  }
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const body = resolveSchema(doc, bodySchema);
  for (const [field, property] of Object.entries(body.properties ?? {})) {
    const kind = kindOfField(field);
    if (kind) fields.push({ where: 'body', field, kind });
    else if (looksLikeId(field, resolveSchema(doc, property).format ?? property.format))
      problems.push(`body field ${field} looks like an id of an unknown kind`);
  }
  return { fields, bodySchema, required };
}

/**
 * Turns the route table into probes. Each id a route takes (path parameter, or id field of its body or query)
 * gets one probe with the victim's id in it and the caller's own ids everywhere else.
 */
export function buildPlan(table: RouteTable, doc: OpenApiDocument): Plan {
  const plan: Plan = { probes: [], leakChecks: [], unclassified: [], allowed: [] };
  for (const raw of table.unowned) {
    const key = routeKey(raw);
    if (UNOWNED_ALLOWED[key]) plan.allowed.push(`${key}: ${UNOWNED_ALLOWED[key]}`);
    else plan.unclassified.push(`${key}: served by the router but by no controller, and not on UNOWNED_ALLOWED`);
  }
  for (const route of table.routes) {
    const key = routeKey(route);
    if (SIGNED_TOKEN_ROUTES[key]) {
      plan.allowed.push(`${key}: ${SIGNED_TOKEN_ROUTES[key]}; its signed token is the only credential`);
      continue;
    }
    if (ADMIN_NON_TENANT_PATHS[key] && isAdminOnly(route)) {
      plan.leakChecks.push(route);
      continue;
    }
    if (route.isPublic || route.door === 'open') {
      if (!OPEN_ALLOWED[key]) plan.unclassified.push(`${key}: open to anyone but not on OPEN_ALLOWED`);
      else if (route.params.length > 0)
        plan.unclassified.push(`${key}: on OPEN_ALLOWED but takes :${route.params.join(', :')}`);
      else plan.allowed.push(`${key}: ${OPEN_ALLOWED[key]}`);
      continue;
    }
    const problems: string[] = [];
    const paramKinds: Record<string, IdKind> = {};
    for (const param of route.params) {
      const kind = kindOfPathParam(route.path, param);
      if (kind) paramKinds[param] = kind;
      else problems.push(`path parameter :${param} is an id of an unknown kind`);
    }
    let fields: IdField[] = [];
    let bodyFor: (ids: (field: string) => string | undefined) => Record<string, unknown> | undefined = () => undefined;
    let queryFor: (ids: (field: string) => string | undefined) => Record<string, unknown> | undefined = () => undefined;
    if (route.door === 'api') {
      const operation = doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
      if (!operation) {
        problems.push('not in the OpenAPI document, so its body and query cannot be read');
      } else {
        const read = apiIdFields(doc, operation, problems);
        fields = read.fields;
        const { bodySchema, required } = read;
        if (route.method !== 'GET') bodyFor = (ids) => sampleBody(doc, bodySchema as never, (field) => ids(field));
        queryFor = (ids) => {
          const query: Record<string, unknown> = {};
          for (const { name, schema } of required) query[name] = sampleOf(doc, schema as never, name);
          for (const field of read.fields.filter((f) => f.where === 'query')) {
            const id = ids(field.field);
            if (id !== undefined) query[field.field] = id;
          }
          return Object.keys(query).length > 0 ? query : undefined;
        };
      }
    } else {
      // Web: every id field is tried on id-less routes; routes with a path id are probed through the path.
      if (route.params.length === 0) {
        fields = WEB_ID_FIELDS.map((field) => ({
          where: route.method === 'GET' ? 'query' : 'body',
          field,
          kind: kindOfField(field) as IdKind,
        }));
      }
      if (route.method !== 'GET') bodyFor = () => webFormSample();
    }
    if (problems.length > 0) {
      plan.unclassified.push(`${key} (${route.handler}): ${problems.join('; ')}`);
      continue;
    }

    const make = (slot: Probe['slot'], expect: Expectation, htmx: boolean): Probe => ({
      route,
      name: `${key} (${slot.where} ${slot.field}=${slot.kind}${htmx ? ', htmx' : ''})`,
      slot,
      htmx,
      expect,
      build: (victimId, own) => {
        const pathValues = Object.fromEntries(
          Object.entries(paramKinds).map(([param, kind]) => [param, own.ids[kind]]),
        );
        if (slot.where === 'path') pathValues[slot.field] = victimId;
        const ids = (field: string) => {
          if (slot.where !== 'path' && field === slot.field) return victimId;
          const kind = kindOfField(field);
          // Only the probed field and fields the body requires carry ids; optional id fields stay out.
          return route.door === 'api' &&
            kind &&
            fields.some((f) => f.field === field && f.where !== 'query') &&
            isRequiredId(doc, route, field)
            ? own.ids[kind]
            : undefined;
        };
        const body = bodyFor(ids);
        const query = queryFor(ids);
        if (route.door === 'web' && slot.where !== 'path') {
          // The other id fields this route reads hold the caller's own ids, so only the probed one is foreign.
          const ownFields = (WEB_ID_CONSUMERS[key]?.requires ?? []).filter((field) => field !== slot.field);
          const own_ = Object.fromEntries(ownFields.map((field) => [field, own.ids[kindOfField(field) as IdKind]]));
          if (slot.where === 'body')
            return { url: fill(route.path, pathValues), body: { ...body, ...own_, [slot.field]: victimId } };
          return { url: fill(route.path, pathValues), query: { ...own_, [slot.field]: victimId } };
        }
        return { url: fill(route.path, pathValues), body, query };
      },
    });

    const pathExpect: Expectation = isAdminOnly(route) ? 'forbidden' : 'notFound';
    for (const param of route.params) {
      const kind = paramKinds[param] as IdKind;
      plan.probes.push(make({ where: 'path', field: param, kind }, pathExpect, false));
      if (route.door === 'web') plan.probes.push(make({ where: 'path', field: param, kind }, pathExpect, true));
    }
    for (const field of fields) {
      const consumer =
        route.door === 'api' ? field.where === 'body' : (WEB_ID_CONSUMERS[key]?.reads ?? []).includes(field.field);
      const expect: Expectation = isAdminOnly(route) ? 'forbidden' : consumer ? 'notFound' : 'sameAsUnknown';
      plan.probes.push(make(field, expect, false));
    }
    if (route.params.length === 0 && fields.length === 0) {
      if (route.method === 'GET') plan.leakChecks.push(route);
      else plan.allowed.push(`${key}: takes no id; acts on the caller's own tenant only`);
    }
  }
  return plan;
}

function isRequiredId(doc: OpenApiDocument, route: AppRoute, field: string): boolean {
  const operation = doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
  const body = resolveSchema(doc, operation?.requestBody?.content?.['application/json']?.schema);
  return (body.required ?? []).includes(field);
}
