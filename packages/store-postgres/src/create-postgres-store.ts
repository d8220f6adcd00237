import type {
  KeyStore,
  RefreshTokenRecord,
  SessionRecord,
  SessionStore,
  UserRecord,
  UserStore,
} from '@tessera/core';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import {
  type AuditEventInput,
  type AuditEventRecord,
  appendAuditEvents,
  type ListAuditEventsInput,
  listAuditEvents,
} from './audit/audit-events.ts';
import { runPoolCloseHooks } from './internal/close-hooks.ts';
import type { StoreContext } from './internal/context.ts';
import type { Database } from './internal/db-types.ts';
import { createPool, kyselyPool } from './internal/pool.ts';
import { guard } from './internal/unavailable.ts';
import { createKeyMethods } from './keys/key-methods.ts';
import { type MigrationResult, runMigrations } from './migrations/run-migrations.ts';
import { type PostgresStoreOptions, resolvePostgresOptions } from './options.ts';
import { createSessionMethods } from './sessions/session-methods.ts';
import { createUserMethods } from './users/user-methods.ts';

/**
 * SessionStore, KeyStore and UserStore over one PostgreSQL connection pool, plus the audit
 * trail. `create` is overloaded like the memory store's: with a first refresh token it
 * creates a session, without one a user.
 */
export type PostgresStore = SessionStore &
  KeyStore &
  UserStore & {
    /** Create or upgrade the schema. Idempotent and safe to run from several instances at once. */
    migrate(): Promise<MigrationResult>;
    /** Append audit events in one statement. */
    appendAuditEvents(events: readonly AuditEventInput[]): Promise<void>;
    /** Audit events, newest first, optionally of one user. */
    listAuditEvents(input: ListAuditEventsInput): Promise<AuditEventRecord[]>;
    /** The underlying pg pool (for createPostgresJobLock, health metrics). */
    readonly pool: pg.Pool;
    /** The schema holding the tables. */
    readonly schema: string;
    /** Release job locks and close every connection. Later calls throw StoreUnavailableError. */
    close(): Promise<void>;
  };

/** Connect lazily to PostgreSQL (no I/O here). Call `migrate()` once before use. */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const resolved = resolvePostgresOptions(options);
  const pool = createPool(resolved);
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: kyselyPool(pool) }),
  });
  const ctx: StoreContext = { db: kysely.withSchema(resolved.schema), options: resolved };
  const sessions = createSessionMethods(ctx);
  const users = createUserMethods(ctx);
  let closing: Promise<void> | undefined;

  function create(session: SessionRecord, firstToken: RefreshTokenRecord): Promise<void>;
  function create(user: UserRecord): Promise<void>;
  function create(record: SessionRecord | UserRecord, firstToken?: RefreshTokenRecord) {
    if (firstToken === undefined) return users.create(record as UserRecord);
    return sessions.create(record as SessionRecord, firstToken);
  }

  return {
    ...createKeyMethods(ctx),
    ...users,
    ...sessions,
    create,
    pool,
    schema: resolved.schema,
    migrate: () => runMigrations(resolved),
    appendAuditEvents: (events) => appendAuditEvents(ctx, events),
    listAuditEvents: (input) => listAuditEvents(ctx, input),
    ping: () =>
      guard('ping', async () => {
        await sql`SELECT 1`.execute(kysely);
      }),
    close() {
      closing ??= (async () => {
        await runPoolCloseHooks(pool);
        await kysely.destroy();
      })();
      return closing;
    },
  };
}
