import { StoreUnavailableError, TesseraError } from '@tessera/core';
import pg from 'pg';

// Node socket errors that mean "PostgreSQL cannot be reached right now".
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs that are transient server conditions rather than bugs in a statement:
// 53xxx insufficient resources (too many connections), 57014 statement_timeout / cancel,
// 57P01-57P05 shutdown and idle timeouts, 40001/40P01 serialization failure and deadlock.
const TRANSIENT_SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '57P04', '57P05']);

// Messages of pg and pg-pool errors that carry no code.
const CLIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error',
  // The store was closed (pg-pool's and Kysely's wording).
  'Cannot use a pool after calling end',
  'driver has already been destroyed',
  'connection timeout',
];

/** True when `error` means the database is unreachable or overloaded (not a bad statement). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
    // Class 08: connection exception; 53: insufficient resources; 40: transaction rollback.
    if (/^(08|53|40)[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return CLIENT_MESSAGES.some((text) => error.message.includes(text));
}

/** The SQLSTATE of a PostgreSQL error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

/** The constraint a unique violation (23505) hit, if that is what `error` is. */
export function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof pg.DatabaseError) || error.code !== '23505') return undefined;
  return error.constraint ?? '';
}

/**
 * Run a store operation. Outages become StoreUnavailableError (with the cause); any other
 * database error too (fail closed, as the SQLite store does), with a different message so
 * logs tell them apart. Tessera errors and our own argument checks pass through.
 */
export async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TesseraError) throw error;
    if (isUnavailable(error)) {
      throw new StoreUnavailableError(`PostgreSQL is unavailable (${operation})`, { cause: error });
    }
    if (error instanceof pg.DatabaseError) {
      throw new StoreUnavailableError(`PostgreSQL store operation failed (${operation})`, {
        cause: error,
      });
    }
    throw error;
  }
}
