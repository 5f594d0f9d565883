import { DomainError } from '../errors/domain-error.js';

/** What a re-rendered form needs: what the user typed and the messages per field. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string[]>;
}

/**
 * Reads an urlencoded body as trimmed strings. Repeated keys keep their last value unless listed in `multi`;
 * anything that is not a string (a nested object from a hand-crafted body) becomes ''.
 */
export function formValues(body: unknown, fields: readonly string[]): Record<string, string> {
  const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const values: Record<string, string> = {};
  for (const field of fields) {
    const raw = source[field];
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    values[field] = typeof value === 'string' ? value.trim().slice(0, 10_000) : '';
  }
  return values;
}

/** A repeated field (checkboxes) as a list of strings. */
export function formList(body: unknown, field: string): string[] {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((item): item is string => typeof item === 'string').map((item) => item.trim());
}

/** Field messages carried by a domain error, or the message under a fallback field. */
export function fieldErrorsOf(error: unknown, fallbackField = '_form'): Record<string, string[]> | null {
  if (!(error instanceof DomainError)) return null;
  return error.details.fields ?? { [fallbackField]: [error.message] };
}

export function emptyForm(values: Record<string, string> = {}): FormState {
  return { values, errors: {} };
}

export type FormAttempt<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string[]> };

/**
 * Runs a service call for a form: its result, or the field messages of the validation error it threw, so the
 * handler can re-render the form (422). Any other error propagates to the exception filter.
 */
export async function attemptForm<T>(work: Promise<T>): Promise<FormAttempt<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    if (error instanceof DomainError && error.details.fields) return { ok: false, errors: error.details.fields };
    throw error;
  }
}
