import type { Migration } from './migration.ts';

// Times are bigint epoch milliseconds everywhere (what core's records use), read back as JS
// numbers. Ids, hashes and JWKs are text. Names are unqualified: the runner sets search_path.
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  statements: [
    `CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL DEFAULT '{}',
      disabled boolean NOT NULL DEFAULT false,
      created_at bigint NOT NULL,
      password_changed_at bigint NOT NULL,
      CONSTRAINT users_email_key UNIQUE (email)
    )`,
    // users_email_key: login looks users up by (lower-cased) email; the unique constraint is
    // also what turns a second sign-up with the same email into UserExistsError.

    `CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('user', 'anonymous')),
      roles text[] NOT NULL DEFAULT '{}',
      created_at bigint NOT NULL,
      last_active_at bigint NOT NULL,
      idle_expires_at bigint NOT NULL,
      absolute_expires_at bigint NOT NULL,
      idle_timeout_ms bigint NOT NULL,
      remember_me boolean NOT NULL,
      auth_time bigint NOT NULL,
      aal smallint NOT NULL,
      device_type text NOT NULL,
      device_name text NOT NULL,
      device_browser text,
      device_os text,
      user_agent text,
      ip text,
      location text,
      revoked_at bigint,
      revoked_reason text,
      refresh_token_hash text NOT NULL,
      refresh_generation integer NOT NULL,
      refresh_grace_until bigint NOT NULL,
      refresh_expires_at bigint NOT NULL,
      data text,
      data_version integer NOT NULL DEFAULT 0,
      request_count bigint NOT NULL DEFAULT 0,
      bytes_sent bigint NOT NULL DEFAULT 0,
      version integer NOT NULL DEFAULT 1
    )`,
    // listForUser, revokeForUser and the per-user session limit read a user's live sessions
    // newest activity first: this serves all three without a sort, and stays small because
    // revoked rows (waiting for cleanup) are left out.
    `CREATE INDEX sessions_user_live_idx ON sessions (user_id, last_active_at DESC)
      WHERE revoked_at IS NULL`,
    // deleteExpired finds sessions past any of their deadlines. One expression index on the
    // earliest deadline replaces separate indexes on idle_expires_at, absolute_expires_at and
    // refresh_expires_at: cleanup's OR of three range scans becomes one, and every touch or
    // rotation (which move idle and refresh deadlines) maintains one index instead of three.
    `CREATE INDEX sessions_ends_at_idx
      ON sessions ((LEAST(idle_expires_at, absolute_expires_at, refresh_expires_at)))`,
    // listRevokedSince is polled every few seconds by every instance, and deleteExpired
    // removes old revoked sessions; partial because live sessions have no revoked_at.
    `CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at)
      WHERE revoked_at IS NOT NULL`,

    // Every refresh token ever issued for a live session (reuse detection needs the old
    // ones). The primary key on hash is the unique index findRefreshToken looks up.
    `CREATE TABLE refresh_tokens (
      hash text PRIMARY KEY,
      session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      generation integer NOT NULL,
      issued_at bigint NOT NULL
    )`,
    // The cascade from a deleted session (cleanup) finds its tokens through this index;
    // without it every deleted session would scan the whole table.
    'CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id)',

    `CREATE TABLE signing_keys (
      kid text PRIMARY KEY,
      alg text NOT NULL,
      private_jwk text NOT NULL,
      public_jwk text,
      created_at bigint NOT NULL,
      retired_at bigint
    )`,

    `CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at bigint NOT NULL,
      type text NOT NULL,
      session_id text,
      user_id text,
      reason text,
      ip text,
      detail jsonb
    )`,
    // listAuditEvents({ userId }) shows one user's trail, newest first.
    'CREATE INDEX audit_events_user_at_idx ON audit_events (user_id, at DESC)',
    // listAuditEvents() without a user, and retention deletes by age.
    'CREATE INDEX audit_events_at_idx ON audit_events (at)',
  ],
};
