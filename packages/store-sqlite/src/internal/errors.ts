import { InvalidInputError, StoreUnavailableError, TesseraError } from '@tessera/core';

/** Driver failures become StoreUnavailableError (fail closed); Tessera errors pass through. */
export function toStoreError(error: unknown): TesseraError {
  if (error instanceof TesseraError) return error;
  return new StoreUnavailableError('SQLite store operation failed', { cause: error });
}

/** better-sqlite3's SqliteError carries the extended result code, e.g. SQLITE_CONSTRAINT_UNIQUE. */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Await a Kysely query, turning driver errors into StoreUnavailableError. */
export async function guardAsync<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw toStoreError(error);
  }
}

/**
 * A duplicate session id or refresh-token hash is the caller's mistake (ids are random), not an
 * outage: it becomes `invalid_request`, as in the reference memory store.
 */
export function rethrowDuplicate(error: unknown, what: string): never {
  if (sqliteCode(error)?.startsWith('SQLITE_CONSTRAINT') === true) {
    throw new InvalidInputError('invalid_request', `${what} already exists`);
  }
  throw error;
}
