import type { Generated } from 'kysely';

// Column types as the pool reads them: bigint (epoch ms, counters) as number, text[] as string[].

export interface SessionsTable {
  id: string;
  user_id: string;
  kind: string;
  roles: string[];
  created_at: number;
  last_active_at: number;
  idle_expires_at: number;
  absolute_expires_at: number;
  idle_timeout_ms: number;
  remember_me: boolean;
  auth_time: number;
  aal: number;
  device_type: string;
  device_name: string;
  device_browser: string | null;
  device_os: string | null;
  user_agent: string | null;
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

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  roles: string[];
  disabled: boolean;
  created_at: number;
  password_changed_at: number;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string | null;
  created_at: number;
  retired_at: number | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: number;
  type: string;
  session_id: string | null;
  user_id: string | null;
  reason: string | null;
  ip: string | null;
  detail: unknown;
}

export interface Database {
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  users: UsersTable;
  signing_keys: SigningKeysTable;
  audit_events: AuditEventsTable;
}
