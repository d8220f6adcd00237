import type Database from 'better-sqlite3';
import { ENDED_AT, type RefreshTokensTable, type SessionsTable } from './schema.ts';
import { SESSION_COLUMNS } from './session-rows.ts';

// Hand-written SQL on prepared better-sqlite3 statements, not Kysely: these run on every
// refresh and inside the synchronous group-commit transaction. Kysely is async (it cannot run
// inside a synchronous transaction) and re-prepares each statement per call; a prepared
// statement here costs a few microseconds. Kysely keeps the migrations, users and keys.

type Row = SessionsTable;

/** Compare-and-set rotation: the session must be at the expected version and not revoked. */
const ROTATE = `UPDATE sessions SET refresh_token_hash = @hash,
    refresh_generation = @generation, refresh_grace_until = @graceUntil,
    refresh_expires_at = @expiresAt,
    last_active_at = coalesce(@lastActiveAt, last_active_at),
    idle_expires_at = coalesce(@idleExpiresAt, idle_expires_at),
    auth_time = coalesce(@authTime, auth_time), aal = coalesce(@aal, aal),
    version = version + 1
  WHERE id = @id AND version = @expectedVersion AND revoked_at IS NULL`;

/** Live at `now`: not revoked and before both deadlines (a deadline equal to now has passed). */
const LIVE = 'revoked_at IS NULL AND idle_expires_at > @now AND absolute_expires_at > @now';

export interface SessionStatements {
  insertSession: Database.Statement<[SessionsTable]>;
  insertToken: Database.Statement<[RefreshTokensTable]>;
  getSession: Database.Statement<[string], Row>;
  findToken: Database.Statement<[string, string], RefreshTokensTable>;
  rotate: Database.Statement<[RotateParams], Row>;
  rotateFromBasis: Database.Statement<[RotateParams], FreshFields>;
  touch: Database.Statement<[TouchParams]>;
  revoke: Database.Statement<[RevokeParams], Row>;
  revokeForUser: Database.Statement<[RevokeForUserParams], Row>;
  listForUser: Database.Statement<[{ userId: string; now: number }], Row>;
  listRevokedSince: Database.Statement<[{ since: number; now: number }], RevokedRow>;
  updateData: Database.Statement<[DataParams], { data_version: number }>;
  deleteExpired: Database.Statement<[{ before: number; limit: number }]>;
  ping: Database.Statement<[], { ok: number }>;
}

export interface RotateParams {
  id: string;
  expectedVersion: number;
  hash: string;
  generation: number;
  graceUntil: number;
  expiresAt: number;
  lastActiveAt: number | null;
  idleExpiresAt: number | null;
  authTime: number | null;
  aal: number | null;
}
/**
 * What a rotation from a basis record reads back: the columns `touch` and `updateData` change
 * without a version bump. The data too, whatever its version: the engine's snapshots, which
 * are such bases, do not keep it.
 */
export type FreshFields = Pick<
  SessionsTable,
  'last_active_at' | 'idle_expires_at' | 'request_count' | 'bytes_sent' | 'data' | 'data_version'
>;
export interface TouchParams {
  id: string;
  at: number;
  requests: number;
  bytes: number;
}
export interface RevokeParams {
  id: string;
  at: number;
  reason: string;
}
export interface RevokeForUserParams {
  userId: string;
  now: number;
  reason: string;
  exceptId: string | null;
}
export interface DataParams {
  id: string;
  expected: number;
  data: string | null;
}
export interface RevokedRow {
  id: string;
  revoked_reason: string;
  revoked_at: number;
  absolute_expires_at: number;
}

export function prepareSessionStatements(db: Database.Database): SessionStatements {
  const cols = SESSION_COLUMNS.join(', ');
  const params = SESSION_COLUMNS.map((c) => `@${c}`).join(', ');
  return {
    insertSession: db.prepare(`INSERT INTO sessions (${cols}) VALUES (${params})`),
    insertToken: db.prepare(
      'INSERT INTO session_refresh_tokens (session_id, hash, generation, issued_at) VALUES (@session_id, @hash, @generation, @issued_at)',
    ),
    getSession: db.prepare('SELECT * FROM sessions WHERE id = ?'),
    findToken: db.prepare('SELECT * FROM session_refresh_tokens WHERE session_id = ? AND hash = ?'),
    rotate: db.prepare(`${ROTATE} RETURNING *`),
    // RETURNING * cost more than the UPDATE itself (the whole row built, copied to the event
    // loop and mapped there) when the caller already holds the row at the expected version.
    rotateFromBasis: db.prepare(`${ROTATE} RETURNING last_active_at, idle_expires_at,
        request_count, bytes_sent, data, data_version`),
    touch: db.prepare(`UPDATE sessions SET last_active_at = max(last_active_at, @at),
        idle_expires_at = min(absolute_expires_at, max(idle_expires_at, @at + idle_timeout_ms)),
        request_count = request_count + @requests, bytes_sent = bytes_sent + @bytes
      WHERE id = @id AND revoked_at IS NULL AND idle_expires_at > @at AND absolute_expires_at > @at`),
    revoke: db.prepare(`UPDATE sessions SET revoked_at = @at, revoked_reason = @reason,
        version = version + 1 WHERE id = @id AND revoked_at IS NULL RETURNING *`),
    revokeForUser: db.prepare(`UPDATE sessions SET revoked_at = @now, revoked_reason = @reason,
        version = version + 1
      WHERE user_id = @userId AND revoked_at IS NULL AND absolute_expires_at > @now
        AND (@exceptId IS NULL OR id <> @exceptId)
      RETURNING *`),
    listForUser: db.prepare(`SELECT * FROM sessions WHERE user_id = @userId AND ${LIVE}
      ORDER BY last_active_at DESC, id`),
    listRevokedSince: db.prepare(`SELECT id, revoked_reason, revoked_at, absolute_expires_at
      FROM sessions WHERE revoked_at IS NOT NULL AND revoked_at >= @since
        AND absolute_expires_at > @now ORDER BY revoked_at, id`),
    updateData: db.prepare(`UPDATE sessions SET data = @data, data_version = data_version + 1
      WHERE id = @id AND data_version = @expected AND revoked_at IS NULL
      RETURNING data_version`),
    // Tokens go with their session through ON DELETE CASCADE (foreign_keys = ON).
    deleteExpired: db.prepare(`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions
      WHERE ${ENDED_AT} < @before LIMIT @limit)`),
    ping: db.prepare('SELECT 1 AS ok'),
  };
}
