import type { PostgresPool } from 'kysely';
import pg from 'pg';
import type { ResolvedPostgresOptions } from '../options.ts';

const INT8_OID = 20;

// bigint columns hold epoch milliseconds and counters: well inside Number's safe range, so
// they are read as numbers (pg returns strings by default). Scoped to this pool only.
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('bigint value out of the safe integer range');
  return n;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Connection settings shared by the pool, the migration client and job-lock clients. */
export function clientConfig(options: ResolvedPostgresOptions, statementTimeoutMs: number) {
  return {
    connectionString: options.connectionString,
    connectionTimeoutMillis: options.connectionTimeoutMs,
    // Server side: a runaway statement is cancelled. Client side: a silent network (no RST)
    // fails the call shortly after, instead of hanging until TCP gives up.
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs === 0 ? undefined : statementTimeoutMs + 1000,
    idle_in_transaction_session_timeout: 60_000,
    application_name: options.applicationName,
    keepAlive: true,
    types,
  };
}

const READ_TIMED_OUT = Symbol('readTimedOut');
type MarkedClient = pg.PoolClient & { [READ_TIMED_OUT]?: boolean };

/**
 * The pg pool. Dead connections are evicted by pg-pool itself; errors on idle or checked-out
 * clients are absorbed here (an unhandled 'error' event would crash the process) and surface
 * as failed calls instead.
 */
export function createPool(options: ResolvedPostgresOptions): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig(options, options.statementTimeoutMs),
    max: options.poolMax,
    idleTimeoutMillis: options.idleTimeoutMs,
  });
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

// Wrap a client's query once: remember when a call hit the client-side read timeout.
function markReadTimeouts(client: MarkedClient): void {
  if (client[READ_TIMED_OUT] !== undefined) return;
  client[READ_TIMED_OUT] = false;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(client, {
    query: async (...args: unknown[]) => {
      try {
        return await query(...args);
      } catch (error) {
        if (error instanceof Error && error.message === 'Query read timeout') {
          client[READ_TIMED_OUT] = true;
        }
        throw error;
      }
    },
  });
}

/**
 * What Kysely's PostgresDialect sees: the pool, except that a client whose query hit the
 * client-side read timeout is destroyed on release (its connection may still be busy with
 * the abandoned query, or dead) instead of going back to the pool.
 */
export function kyselyPool(pool: pg.Pool): PostgresPool {
  return {
    options: pool.options,
    async connect() {
      const client = (await pool.connect()) as MarkedClient;
      markReadTimeouts(client);
      // pg-pool installs a fresh release function on every checkout.
      const release = client.release.bind(client);
      client.release = (destroy?: boolean | Error) =>
        release(destroy || client[READ_TIMED_OUT] === true);
      return client;
    },
    end: () => pool.end(),
  };
}
