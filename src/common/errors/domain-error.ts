/** How a transport should treat a domain error; each transport maps the kind to its own status. */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'unauthorized' | 'too_many';

/**
 * The only errors services throw. `message` is safe to show to the user; `details` may carry per-field
 * messages or ids (for example the booking a new one overlaps) for the API body.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: { fields?: Record<string, string[]>; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export const KIND_STATUS: Record<DomainErrorKind, number> = {
  not_found: 404,
  conflict: 409,
  invalid: 422,
  forbidden: 403,
  unauthorized: 401,
  too_many: 429,
};
