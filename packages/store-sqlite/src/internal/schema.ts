/**
 * When a session ended or ends: its earliest deadline, or its revocation. Queries must use this
 * exact expression, or SQLite will not use the `sessions_ended_at` index built on it. Frozen:
 * changing it needs a new migration that rebuilds the index.
 */
export const ENDED_AT =
  'min(idle_expires_at, absolute_expires_at, refresh_expires_at, coalesce(revoked_at, 9007199254740991))';

/** Row shapes of the SQLite schema (Kysely table types). Times are epoch ms; booleans 0/1. */
export interface UsersTable {
  id: string;
  /** Always lower case (normalised by the store). */
  email: string;
  password_hash: string;
  /** JSON array of role names. */
  roles: string;
  disabled: number;
  created_at: number;
  password_changed_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  kind: string;
  /** JSON array of role names. */
  roles: string;
  created_at: number;
  last_active_at: number;
  idle_expires_at: number;
  absolute_expires_at: number;
  idle_timeout_ms: number;
  remember_me: number;
  auth_time: number;
  aal: number;
  device_type: string;
  device_name: string;
  device_browser: string | null;
  device_os: string | null;
  device_user_agent: string | null;
  ip: string | null;
  location: string | null;
  revoked_at: number | null;
  revoked_reason: string | null;
  refresh_token_hash: string;
  refresh_generation: number;
  refresh_grace_until: number;
  refresh_expires_at: number;
  data: string | null;
  data_version: number;
  request_count: number;
  bytes_sent: number;
  version: number;
}

export interface RefreshTokensTable {
  hash: string;
  session_id: string;
  generation: number;
  issued_at: number;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string | null;
  created_at: number;
  retired_at: number | null;
}

export interface TesseraDatabase {
  users: UsersTable;
  sessions: SessionsTable;
  session_refresh_tokens: RefreshTokensTable;
  signing_keys: SigningKeysTable;
}
