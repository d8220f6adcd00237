import { ConfigError } from '@tessera/core';

/** Options of {@link createPostgresStore}. Durations are milliseconds. */
export interface PostgresStoreOptions {
  /** A `postgres://` (or `postgresql://`) URL. */
  connectionString: string;
  pool?: {
    /** Most connections this instance opens. Default 10. */
    max?: number;
    /** How long to wait for a connection (new or from the pool) before failing. Default 5000. */
    connectionTimeoutMs?: number;
    /** Close connections idle this long. Default 30000. */
    idleTimeoutMs?: number;
  };
  /** Schema holding Tessera's tables (created by `migrate()`). Default `public`. */
  schema?: string;
  /**
   * Server-side `statement_timeout` of every statement. The client also gives up on a reply
   * 1 s after it (a silent network), so no call hangs longer. Default 5000.
   */
  statementTimeoutMs?: number;
  /** Pause between two cleanup batches of `deleteExpired`, so cleanup never hogs the pool. Default 25. */
  cleanupPauseMs?: number;
  /** `statement_timeout` for `migrate()` (index builds on big tables take time). 0 = none. Default 600000. */
  migrationTimeoutMs?: number;
  /** `application_name` shown in `pg_stat_activity`. Default `tessera`. */
  applicationName?: string;
}

export interface ResolvedPostgresOptions {
  connectionString: string;
  schema: string;
  poolMax: number;
  connectionTimeoutMs: number;
  idleTimeoutMs: number;
  statementTimeoutMs: number;
  cleanupPauseMs: number;
  migrationTimeoutMs: number;
  applicationName: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function nonNegativeInt(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(option, 'must be a non-negative integer');
  }
  return value;
}

/** Validate once and apply defaults; the result is frozen. */
export function resolvePostgresOptions(options: PostgresStoreOptions): ResolvedPostgresOptions {
  const { connectionString } = options;
  if (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new ConfigError('connectionString', 'must be a postgres:// URL');
  }
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) {
    throw new ConfigError('schema', 'must be a lower-case SQL identifier ([a-z_][a-z0-9_]*)');
  }
  const poolMax = nonNegativeInt('pool.max', options.pool?.max, 10);
  if (poolMax < 1) throw new ConfigError('pool.max', 'must be at least 1');
  const statementTimeoutMs = nonNegativeInt('statementTimeoutMs', options.statementTimeoutMs, 5000);
  if (statementTimeoutMs < 1) throw new ConfigError('statementTimeoutMs', 'must be at least 1');
  return Object.freeze({
    connectionString,
    schema,
    poolMax,
    connectionTimeoutMs: nonNegativeInt(
      'pool.connectionTimeoutMs',
      options.pool?.connectionTimeoutMs,
      5000,
    ),
    idleTimeoutMs: nonNegativeInt('pool.idleTimeoutMs', options.pool?.idleTimeoutMs, 30_000),
    statementTimeoutMs,
    cleanupPauseMs: nonNegativeInt('cleanupPauseMs', options.cleanupPauseMs, 25),
    migrationTimeoutMs: nonNegativeInt('migrationTimeoutMs', options.migrationTimeoutMs, 600_000),
    applicationName: options.applicationName ?? 'tessera',
  });
}
