import { resolve } from 'node:path';
import {
  ConfigError,
  type KeyStore,
  type RefreshTokenRecord,
  type SessionRecord,
  type SessionStore,
  StoreUnavailableError,
  TesseraError,
  type UserRecord,
  type UserStore,
} from '@tessera/core';
import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { BatchStats } from './internal/batch.ts';
import { InlineRunner } from './internal/inline-runner.ts';
import { runMigrations } from './internal/migrations.ts';
import type { OpRunner } from './internal/op-runner.ts';
import { openDatabase } from './internal/open-database.ts';
import type { TesseraDatabase } from './internal/schema.ts';
import { createKeyMethods } from './internal/sqlite-key-store.ts';
import { createSessionMethods } from './internal/sqlite-session-store.ts';
import { createUserMethods } from './internal/sqlite-user-store.ts';
import { WorkerRunner } from './internal/worker-runner.ts';

export interface SqliteStoreOptions {
  /** Database file (created with its directory when missing). `:memory:` is for tests only. */
  filename?: string;
  /** Alias of `filename`. */
  path?: string;
  /** How long a write waits for a lock held by another process (the CLI), in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Apply all writes queued in one event-loop turn in one transaction (one fsync). Default true.
   * Turning it off makes every write its own transaction: only for measurements.
   */
  groupCommit?: boolean;
  /** Most writes per group-commit transaction. Default 1000. */
  maxBatchSize?: number;
  /**
   * Run the session ops and user lookups on a thread of their own (default: true for a file
   * with group commit). The event loop then never waits on a query, a COMMIT or its fsync.
   * Off, or for `:memory:`, they run on the main thread (COMMIT still durable).
   */
  worker?: boolean;
}

export type SqliteStoreStats = BatchStats;

/**
 * SessionStore, KeyStore and UserStore over one SQLite file. `create` is overloaded like the
 * memory store's: with a first refresh token it creates a session, without one a user.
 */
export type SqliteStore = SessionStore &
  KeyStore &
  UserStore & {
    /** Create or upgrade the schema. Idempotent; call once before use. */
    migrate(): Promise<void>;
    /** Group-commit counters (transactions, operations, largest batch) for metrics. */
    stats(): SqliteStoreStats;
    /** Apply pending writes, then close the file. Later calls throw StoreUnavailableError. */
    close(): Promise<void>;
  };

/** Open (or create) a SQLite database file as a Tessera store. Call `migrate()` before use. */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const config = validate(options);
  let sqlite: Database.Database;
  try {
    sqlite = openDatabase(config);
  } catch (error) {
    throw new StoreUnavailableError('Cannot open the SQLite database', { cause: error });
  }
  const kysely = new Kysely<TesseraDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  const runner: OpRunner = config.worker
    ? new WorkerRunner(config, config)
    : new InlineRunner(sqlite, config);
  // Only the SQLite thread checkpoints: a checkpoint copies pages and fsyncs, which would stall
  // the event loop if one of the main connection's rare writes (users, keys) triggered it.
  if (config.worker) sqlite.pragma('wal_autocheckpoint = 0');
  const sessions = createSessionMethods(runner);
  const users = createUserMethods(kysely, runner);
  const keys: KeyStore = createKeyMethods(kysely);
  function create(session: SessionRecord, firstToken: RefreshTokenRecord): Promise<void>;
  function create(user: UserRecord): Promise<void>;
  function create(record: SessionRecord | UserRecord, firstToken?: RefreshTokenRecord) {
    if (firstToken === undefined) return call(() => users.create(record as UserRecord));
    return call(() => sessions.create(record as SessionRecord, firstToken));
  }
  return {
    ...keys,
    ...users,
    create,
    get: (id) => call(() => sessions.get(id)),
    findRefreshToken: (sessionId, hash) => call(() => sessions.findRefreshToken(sessionId, hash)),
    rotate: (input) => call(() => sessions.rotate(input)),
    touch: (inputs) => call(() => sessions.touch(inputs)),
    revoke: (input) => call(() => sessions.revoke(input)),
    revokeForUser: (input) => call(() => sessions.revokeForUser(input)),
    listForUser: (userId, now) => call(() => sessions.listForUser(userId, now)),
    listRevokedSince: (since, now) => call(() => sessions.listRevokedSince(since, now)),
    updateData: (input) => call(() => sessions.updateData(input)),
    deleteExpired: (before, batchSize) => call(() => sessions.deleteExpired(before, batchSize)),
    ping: () => call(() => sessions.ping()),
    migrate: () => call(() => runner.exclusive(() => runMigrations(kysely as Kysely<unknown>))),
    stats: () => runner.stats(),
    async close() {
      if (!sqlite.open) return;
      await runner.close();
      await kysely.destroy();
    },
  };
}

/** Turns synchronous throws (closed store, missing tables) into rejections. */
async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof TesseraError) throw error;
    throw new StoreUnavailableError('SQLite store operation failed', { cause: error });
  }
}

function validate(options: SqliteStoreOptions) {
  const filename = options.filename ?? options.path;
  if (typeof filename !== 'string' || filename === '') {
    throw new ConfigError('filename', 'a database file path is required');
  }
  if (
    options.filename !== undefined &&
    options.path !== undefined &&
    options.filename !== options.path
  ) {
    throw new ConfigError('path', 'give either filename or path, not both');
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new ConfigError('busyTimeoutMs', 'must be a non-negative integer (milliseconds)');
  }
  const maxBatchSize = options.maxBatchSize ?? 1000;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new ConfigError('maxBatchSize', 'must be a positive integer');
  }
  const groupCommit = options.groupCommit ?? true;
  const inMemory = filename === ':memory:';
  if (options.worker === true && inMemory) {
    throw new ConfigError('worker', 'an in-memory database cannot be shared with a thread');
  }
  return Object.freeze({
    filename: inMemory ? filename : resolve(filename),
    busyTimeoutMs,
    maxBatchSize,
    groupCommit,
    worker: options.worker ?? (groupCommit && !inMemory),
  });
}
