import type { Aal, RevocationReason } from '@tessera/protocol';
import type { DeviceRecord, SessionRecord } from '../store/session-record.ts';

/** Injectable time source (epoch ms). */
export interface Clock {
  now(): number;
}

/** Injectable randomness: fills the array with cryptographically strong random bytes. */
export interface RandomSource {
  fill(bytes: Uint8Array): Uint8Array;
}

/** Claims of a Tessera access token (typ `at+jwt`). */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  iat: number;
  exp: number;
  jti: string;
  roles: string[];
  aal: Aal;
  auth_time: number;
}

export interface SignInInput {
  user: { id: string; roles: readonly string[] };
  rememberMe: boolean;
  device: DeviceRecord;
  ip: string | null;
  location: string | null;
  aal?: Aal;
  /** Default `user`; `anonymous` for guest sessions (POST /anonymous). */
  kind?: 'user' | 'anonymous';
  /** A session the client held before sign-in (anonymous); it is ended, never reused. */
  previousSessionId?: string;
}

/** Tokens handed to the client after sign-in or refresh. */
export interface IssuedTokens {
  session: SessionRecord;
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken: string;
  /** Sessions ended by the `evict_oldest` policy to make room (reason `signed_in_elsewhere`). */
  evicted: SessionRecord[];
}

/** Why a token or session was refused. Expected outcomes are values, not exceptions. */
export type Refusal =
  | { ok: false; code: 'invalid_token' | 'token_expired' }
  | { ok: false; code: 'session_expired' | 'session_idle_timeout'; sessionId: string }
  | { ok: false; code: 'session_revoked'; reason: RevocationReason; sessionId: string }
  | { ok: false; code: 'refresh_token_reused'; sessionId: string };

export type RefreshResult = ({ ok: true } & IssuedTokens) | Refusal;

export interface VerifiedAccess {
  ok: true;
  claims: AccessTokenClaims;
  /** Access token expiry, epoch ms. */
  expiresAt: number;
}

export type VerifyResult = VerifiedAccess | Refusal;

export type SessionCheck = { ok: true; session: SessionRecord } | Refusal;

/** Lifecycle events; the server logs them as the audit trail. */
export type SessionEvent =
  | { type: 'created'; at: number; session: SessionRecord }
  | { type: 'refreshed'; at: number; session: SessionRecord; grace: boolean }
  | { type: 'rotated'; at: number; sessionId: string; generation: number }
  | { type: 'reuse_detected'; at: number; session: SessionRecord }
  | { type: 'revoked'; at: number; session: SessionRecord; reason: RevocationReason }
  | { type: 'expired'; at: number; sessionId: string; userId: string; kind: 'idle' | 'absolute' }
  | { type: 'evicted'; at: number; session: SessionRecord }
  | { type: 'password_changed'; at: number; userId: string; revoked: number };

export type SessionEventType = SessionEvent['type'];
export type SessionEventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

export interface RefreshOptions {
  /** A refresh marked passive (`Session-Activity: passive`) does not slide the idle deadline. */
  passive?: boolean;
  /**
   * Called once with the session the token names, as soon as it is loaded (before any check
   * or write), so a caller can start its own lookups (the user record) while the rotation
   * commits. Not a sign that the refresh will succeed.
   */
  onSessionLoaded?: (session: SessionRecord) => void;
}

export interface SessionEngine {
  /** Create a session with fresh ids and issue its first tokens. Throws SessionLimitError. */
  signIn(input: SignInInput): Promise<IssuedTokens>;
  /** Rotate a refresh token (grace window, reuse detection). `passive` does not slide idle. */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<RefreshResult>;
  /**
   * Verify an access token: signature, alg, iss, aud, typ, exp (≤ 5 s leeway) and the
   * in-process revocation set. No store I/O on the hot path.
   */
  verifyAccessToken(token: string): Promise<VerifyResult>;
  /** Load a session and check it is live (not revoked, not past a deadline). */
  checkSession(sessionId: string): Promise<SessionCheck>;
  /** Count a request as activity (coalesced; at most one store write per session per interval). */
  recordActivity(sessionId: string, activity?: { bytesSent?: number; passive?: boolean }): void;
  /** "Stay signed in": immediate activity write; returns the session with new deadlines. */
  extend(sessionId: string): Promise<SessionCheck>;
  listSessions(userId: string): Promise<SessionRecord[]>;
  /**
   * End the session a refresh token belongs to (logout with only the cookie). A token the
   * refresh rules would accept ends the session with `reason`; an older one is reuse and ends it
   * with `refresh_token_reused`. Nothing is rotated. Returns whether a live session was ended.
   */
  revokeByRefreshToken(refreshToken: string, reason: RevocationReason): Promise<boolean>;
  /** End one session. Returns false when it was unknown or already ended. */
  revokeSession(sessionId: string, reason: RevocationReason): Promise<boolean>;
  /** End all sessions of a user, optionally but one. Returns how many ended. */
  revokeUserSessions(
    userId: string,
    reason: RevocationReason,
    options?: { exceptSessionId?: string },
  ): Promise<number>;
  /** After a password change: end all other sessions with reason `password_changed`. */
  passwordChanged(userId: string, keepSessionId?: string): Promise<number>;
  /** Write pending activity now (shutdown, tests). */
  flushActivity(): Promise<void>;
  /** Generate a new signing key; older keys keep verifying for one access TTL. */
  rotateSigningKey(): Promise<{ kid: string }>;
  /** Public keys (JWKS) for other services. */
  jwks(): Promise<{ keys: Record<string, unknown>[] }>;
  on<T extends SessionEventType>(type: T, listener: (event: SessionEventOf<T>) => void): () => void;
  /** Delete ended sessions in batches; returns how many were deleted. */
  cleanup(): Promise<number>;
  /**
   * Load the signing keys and recent revocations now instead of on first use (idempotent; a
   * failed start is retried by the next call). Services call it before accepting requests so a
   * wrong or missing data key stops start-up: ConfigError naming `dataKey`.
   */
  start(): Promise<void>;
  /** True once `start()` (or the first use) has completed. */
  readonly started: boolean;
  /** Flush pending activity and stop timers. */
  close(): Promise<void>;
}
