import { formValues, type FormState } from '../../common/validation/form.js';
import { clientFieldProblems, normaliseClientFields } from './client.rules.js';
import {
  CLIENT_LIMITS,
  CLIENT_STATUS_FILTERS,
  type ClientListSort,
  type ClientStatusFilter,
  type CreateClientInput,
} from './clients.types.js';

export const CLIENT_FIELDS = ['name', 'email', 'phone', 'notes'] as const;

/** Where a modal or action was opened from: it decides whether the answer updates a list row or the client page. */
export type ClientOrigin = 'list' | 'detail';

/** The client form as posted: what to re-show, what to give the service, and what is wrong before asking it. */
export interface ParsedClientForm extends FormState {
  input: CreateClientInput;
}

/**
 * Reads the create/edit form. Only the four known fields are read, so nothing else can reach the service; empty
 * optional fields become null (cleared). The same rules as the service run here, so a plain form post gets
 * every message at once without a round trip.
 */
export function parseClientForm(body: unknown): ParsedClientForm {
  const values = formValues(body, CLIENT_FIELDS);
  const fields = normaliseClientFields({
    name: values.name,
    email: values.email,
    phone: values.phone,
    notes: values.notes,
  });
  return {
    values,
    errors: clientFieldProblems(fields, true),
    input: {
      name: fields.name ?? '',
      email: fields.email ?? null,
      phone: fields.phone ?? null,
      notes: fields.notes ?? null,
    },
  };
}

/** An existing client's values, for the edit form. */
export function clientFormValues(client: {
  name: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}): Record<string, string> {
  return { name: client.name, email: client.email ?? '', phone: client.phone ?? '', notes: client.notes ?? '' };
}

export interface ClientListQuery {
  q: string;
  status: ClientStatusFilter;
  page: number;
  sort: ClientListSort;
}

/** The list's sort keys as they appear in the URL (?sort=last-visit&dir=desc). */
export const SORT_PARAMS: Record<ClientListSort['key'], string> = {
  name: 'name',
  lastVisit: 'last-visit',
  credits: 'credits',
};
export const DEFAULT_SORT: ClientListSort = { key: 'name', dir: 'asc' };

function parseSort(sort: string, dir: string): ClientListSort {
  const key = (Object.keys(SORT_PARAMS) as Array<ClientListSort['key']>).find((k) => SORT_PARAMS[k] === sort);
  if (!key) return DEFAULT_SORT;
  return { key, dir: dir === 'desc' ? 'desc' : dir === 'asc' ? 'asc' : key === 'name' ? 'asc' : 'desc' };
}

function single(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** The list's query string (?q=&status=&page=&sort=&dir=), whitelisted: anything odd falls back to the default. */
export function parseListQuery(query: unknown): ClientListQuery {
  const source = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
  const q = single(source.q).trim().slice(0, CLIENT_LIMITS.query);
  const status = single(source.status) as ClientStatusFilter;
  const page = /^\d{1,5}$/.test(single(source.page)) ? Math.max(1, Number(single(source.page))) : 1;
  return {
    q,
    status: CLIENT_STATUS_FILTERS.includes(status) ? status : 'active',
    page,
    sort: parseSort(single(source.sort), single(source.dir)),
  };
}

/** The hidden fields every client action posts along: where it came from and which list filter was showing. */
export function parseActionContext(source: unknown): { origin: ClientOrigin; view: ClientStatusFilter } {
  const values = typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
  const origin = single(values.origin) === 'detail' ? 'detail' : 'list';
  const view = single(values.view) as ClientStatusFilter;
  return { origin, view: CLIENT_STATUS_FILTERS.includes(view) ? view : 'active' };
}
