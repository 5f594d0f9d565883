import { DomainError } from '../errors/domain-error.js';
import { isUuid } from '../validation/validators.js';

/**
 * Keyset cursors: the sort value and id of the last row seen, opaque to clients. Stable under inserts and
 * deletes, unlike offsets, and each page costs one index range scan however deep it is.
 */
export interface CursorKey {
  value: string;
  id: string;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.value, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && isUuid(parsed[1])) {
      return { value: parsed[0], id: String(parsed[1]) };
    }
  } catch {
    // Falls through to the error below.
  }
  throw invalidCursor();
}

export function invalidCursor(): DomainError {
  return new DomainError('invalid_cursor', 'invalid', 'The cursor is not valid; start again without it.', {
    fields: { cursor: ['is not a valid cursor'] },
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from limit+1 fetched rows: the extra row only proves there is a next page. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
