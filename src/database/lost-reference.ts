import { ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';

/**
 * Runs a write that names rows checked a moment earlier (a client, a package, a booking). If one of them was
 * deleted in between, a lost race against a delete, the foreign key refuses the write; `errorFor` turns the
 * constraint's name into the service's own "not found" error, the same answer as if it had been gone already.
 */
export async function withLostReferences<T>(
  write: () => Promise<T>,
  errorFor: (constraint: string) => Error,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof ForeignKeyConstraintViolationException)) throw error;
    throw errorFor(String((error as { constraint?: unknown }).constraint ?? ''));
  }
}
