import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { ENDED_AT } from './schema.ts';

// Every statement is IF NOT EXISTS: SQLite DDL is not run in a transaction by Kysely's
// migrator, so a migration interrupted half-way must be safe to run again.
const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('password_changed_at', 'integer', (c) => c.notNull())
      .execute();
    await createSessions(db);
    await db.schema
      .createTable('refresh_tokens')
      .ifNotExists()
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) =>
        c.notNull().references('sessions.id').onDelete('cascade'),
      )
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('issued_at', 'integer', (c) => c.notNull())
      .modifyEnd(sql`without rowid`)
      .execute();
    await db.schema
      .createTable('signing_keys')
      .ifNotExists()
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text')
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('retired_at', 'integer')
      .execute();
    await createIndexes(db);
  },
};

async function createSessions(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('last_active_at', 'integer', (c) => c.notNull())
    .addColumn('idle_expires_at', 'integer', (c) => c.notNull())
    .addColumn('absolute_expires_at', 'integer', (c) => c.notNull())
    .addColumn('idle_timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('remember_me', 'integer', (c) => c.notNull())
    .addColumn('auth_time', 'integer', (c) => c.notNull())
    .addColumn('aal', 'integer', (c) => c.notNull())
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text', (c) => c.notNull())
    .addColumn('device_browser', 'text')
    .addColumn('device_os', 'text')
    .addColumn('device_user_agent', 'text')
    .addColumn('ip', 'text')
    .addColumn('location', 'text')
    .addColumn('revoked_at', 'integer')
    .addColumn('revoked_reason', 'text')
    .addColumn('refresh_token_hash', 'text', (c) => c.notNull())
    .addColumn('refresh_generation', 'integer', (c) => c.notNull())
    .addColumn('refresh_grace_until', 'integer', (c) => c.notNull())
    .addColumn('refresh_expires_at', 'integer', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

async function createIndexes(db: Kysely<unknown>): Promise<void> {
  // listForUser / revokeForUser: by user, newest activity first (replaced in 0003 by an index
  // on user_id alone).
  await db.schema
    .createIndex('sessions_user_active')
    .ifNotExists()
    .on('sessions')
    .columns(['user_id', 'last_active_at desc'])
    .execute();
  // deleteExpired: one expression index on the moment a session ended (earliest deadline or
  // revocation) instead of one index per deadline: the cleanup query is a single range scan,
  // and a rotation or touch updates one index entry rather than three.
  await sql`CREATE INDEX IF NOT EXISTS sessions_ended_at ON sessions (${sql.raw(ENDED_AT)})`.execute(
    db,
  );
  // listRevokedSince; partial, so live sessions stay out of it.
  await db.schema
    .createIndex('sessions_revoked_at')
    .ifNotExists()
    .on('sessions')
    .column('revoked_at')
    .where(sql.ref('revoked_at'), 'is not', null)
    .execute();
  // Cascade deletes and per-session lookups of tokens (the hash is the primary key).
  await db.schema
    .createIndex('refresh_tokens_session')
    .ifNotExists()
    .on('refresh_tokens')
    .column('session_id')
    .execute();
}

/**
 * Refresh tokens keyed by (session_id, hash) instead of by hash with a second index on
 * session_id: every rotation inserted into two B-trees at random places (the hash order and
 * the index), doubling the pages each group commit writes to the WAL. Tokens now name their
 * session (`<session id>.<secret>`), so a lookup is one primary-key probe and a session's
 * tokens sit together, which is also what the cascade delete needs. Idempotent: SQLite DDL is
 * not wrapped in a transaction by the migrator, so a rerun after an interruption must work.
 */
const tokensBySession: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE IF NOT EXISTS session_refresh_tokens (
      session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      hash text NOT NULL,
      generation integer NOT NULL,
      issued_at integer NOT NULL,
      PRIMARY KEY (session_id, hash)
    ) WITHOUT ROWID`.execute(db);
    const old = await sql<{ name: string }>`SELECT name FROM sqlite_master
      WHERE type = 'table' AND name = 'refresh_tokens'`.execute(db);
    if (old.rows.length === 0) return;
    await sql`INSERT OR IGNORE INTO session_refresh_tokens (session_id, hash, generation, issued_at)
      SELECT session_id, hash, generation, issued_at FROM refresh_tokens`.execute(db);
    await sql`DROP TABLE refresh_tokens`.execute(db);
  },
};

/**
 * The per-user index without `last_active_at`: with it, every rotation and activity write moved
 * the session's entry in that index (a delete and an insert: one more page in the WAL per
 * session of each group commit) only so that the device list could come out sorted. A user has
 * few sessions; sorting them after the index lookup costs nothing, and SQLite leaves an index
 * alone when an UPDATE changes none of its columns. Interleaved A/B under refresh load: +8.3 %
 * and +8.9 % refreshes/s at the median (two runs of 8 pairs).
 */
const userIndexWithoutActivity: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('sessions_user')
      .ifNotExists()
      .on('sessions')
      .column('user_id')
      .execute();
    await db.schema.dropIndex('sessions_user_active').ifExists().execute();
  },
};

const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_refresh_tokens_by_session': tokensBySession,
  '0003_user_index_without_activity': userIndexWithoutActivity,
};

const provider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/** Apply every pending migration; a no-op when the schema is current. */
export async function runMigrations(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'tessera_migrations',
    migrationLockTableName: 'tessera_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
}
