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
import { runMigrations } from './internal/migrations.ts';
import { openDatabase } from './internal/open-database.ts';
import type { TesseraDatabase } from './internal/schema.ts';
import { prepareSessionStatements } from './internal/session-statements.ts';
import { createKeyMethods } from './internal/sqlite-key-store.ts';
import { createSessionMethods } from './internal/sqlite-session-store.ts';
import { createUserMethods } from './internal/sqlite-user-store.ts';
import { enableOffThreadSync } from './internal/wal-sync.ts';
import { WriteQueue, type WriteQueueStats } from './internal/write-queue.ts';

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
}

export type SqliteStoreStats = WriteQueueStats;

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
  const walSync = enableOffThreadSync(sqlite, config);
  const queue = new WriteQueue(sqlite, { ...config, ...(walSync ? { walSync } : {}) });
  // Statements need the tables: prepared lazily, after migrate() or on first use.
  let sessions: ReturnType<typeof createSessionMethods> | undefined;
  const methods = () => {
    if (!sqlite.open) throw new StoreUnavailableError('The SQLite store is closed');
    sessions ??= createSessionMethods(prepareSessionStatements(sqlite), queue);
    return sessions;
  };
  // Kysely writes (users, keys, migrations) bypass the queue: they too are acknowledged only
  // after a WAL sync when COMMIT itself does not sync.
  const durable = <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    walSync === undefined
      ? write
      : async (...args: A): Promise<R> => {
          const result = await write(...args);
          await call(() => walSync.sync());
          return result;
        };
  const userMethods = createUserMethods(kysely, () => {
    if (!sqlite.open) throw new StoreUnavailableError('The SQLite store is closed');
    return sqlite;
  });
  const users: UserStore = {
    ...userMethods,
    create: durable(userMethods.create),
    setPassword: durable(userMethods.setPassword),
    setDisabled: durable(userMethods.setDisabled),
    setRoles: durable(userMethods.setRoles),
  };
  const keyMethods = createKeyMethods(kysely);
  const keys: KeyStore = {
    ...keyMethods,
    addKey: durable(keyMethods.addKey),
    retireKeys: durable(keyMethods.retireKeys),
    deleteRetired: durable(keyMethods.deleteRetired),
  };
  function create(session: SessionRecord, firstToken: RefreshTokenRecord): Promise<void>;
  function create(user: UserRecord): Promise<void>;
  function create(record: SessionRecord | UserRecord, firstToken?: RefreshTokenRecord) {
    if (firstToken === undefined) return users.create(record as UserRecord);
    return call(() => methods().create(record as SessionRecord, firstToken));
  }
  return {
    ...keys,
    ...users,
    create,
    get: (id) => call(() => methods().get(id)),
    findRefreshToken: (sessionId, hash) => call(() => methods().findRefreshToken(sessionId, hash)),
    rotate: (input) => call(() => methods().rotate(input)),
    touch: (inputs) => call(() => methods().touch(inputs)),
    revoke: (input) => call(() => methods().revoke(input)),
    revokeForUser: (input) => call(() => methods().revokeForUser(input)),
    listForUser: (userId, now) => call(() => methods().listForUser(userId, now)),
    listRevokedSince: (since, now) => call(() => methods().listRevokedSince(since, now)),
    updateData: (input) => call(() => methods().updateData(input)),
    deleteExpired: (before, batchSize) => call(() => methods().deleteExpired(before, batchSize)),
    ping: () => call(() => methods().ping()),
    migrate: durable(() =>
      call(() => queue.exclusive(() => runMigrations(kysely as Kysely<unknown>))),
    ),
    stats: () => queue.stats(),
    async close() {
      if (!sqlite.open) return;
      queue.drain();
      await walSync?.close();
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
  return Object.freeze({
    filename,
    busyTimeoutMs,
    maxBatchSize,
    groupCommit: options.groupCommit ?? true,
  });
}
