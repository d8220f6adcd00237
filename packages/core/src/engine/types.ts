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
  /**
   * A session the client held before sign-in, named by a trusted caller; it is ended, never
   * reused. An anonymous one's data is merged into the new session first (see
   * `previousRefreshToken`).
   */
  previousSessionId?: string;
  /**
   * The refresh token of the guest session the client presents at sign-in (cookie or body). It
   * proves possession: only a token the refresh rules accept names the session (an older one
   * counts as reuse and ends it). A live anonymous session named this way has its data merged
   * into the new session (guest keys copied, in order, while they fit the size cap) and is
   * ended with reason `logout` once the new session exists. Anything else is ignored.
   */
  previousRefreshToken?: string;
}

/** Input of {@link SessionEngine.startAnonymous}: a guest session has no user. */
export interface AnonymousInput {
  device: DeviceRecord;
  ip: string | null;
  location: string | null;
}

/** A session's data, opened: a JSON object and its compare-and-set version. */
export interface SessionData {
  data: Record<string, unknown>;
  version: number;
}

/** A versioned change of session data: `null` deletes a key, any other value sets it. */
export interface SessionDataPatchInput {
  /** The version the client last saw; the update applies only if it is still current. */
  version: number;
  set: Readonly<Record<string, unknown>>;
}

export type SessionDataResult = ({ ok: true; session: SessionRecord } & SessionData) | Refusal;

/** Expected outcomes of an update are values: a lost race or a full quota. */
export type SessionDataUpdateResult =
  | SessionDataResult
  | { ok: false; code: 'version_conflict'; sessionId: string; version: number }
  | { ok: false; code: 'quota_exceeded'; sessionId: string; size: number; limit: number };

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
  | {
      type: 'reauthenticated';
      at: number;
      session: SessionRecord;
      previousAal: Aal;
      grace: boolean;
    }
  | { type: 'rotated'; at: number; sessionId: string; generation: number }
  | { type: 'reuse_detected'; at: number; session: SessionRecord }
  | { type: 'revoked'; at: number; session: SessionRecord; reason: RevocationReason }
  | { type: 'expired'; at: number; sessionId: string; userId: string; kind: 'idle' | 'absolute' }
  | { type: 'evicted'; at: number; session: SessionRecord }
  | { type: 'password_changed'; at: number; userId: string; revoked: number };

export type SessionEventType = SessionEvent['type'];
export type SessionEventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

/** A step-up's requested level; the session keeps a higher one it already has. */
export interface StepUp {
  aal: Aal;
}

/** POST /reauth, once the caller has verified the password (or a second factor). */
export interface ReauthenticateInput {
  /** The session the verified access token names (`sid`). */
  sessionId: string;
  /** The refresh token the request presented; it must belong to `sessionId`. */
  refreshToken: string;
  /** Level just proven: 1 = password, 2 = second factor. The session never goes down. */
  aal: Aal;
}

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
  /**
   * Create a guest session (kind `anonymous`) for a fresh random user id that no user store
   * issues (`anon:` prefix), no roles, no remember-me: the default idle timeout and the
   * short absolute lifetime apply. Callers rate-limit it (it needs no credentials).
   */
  startAnonymous(input: AnonymousInput): Promise<IssuedTokens>;
  /** Read a live session's data (decrypted). Ended sessions are refused like checkSession. */
  readSessionData(sessionId: string): Promise<SessionDataResult>;
  /**
   * Compare-and-set update of a live session's data, encrypted at rest and bound to the
   * session. Throws InvalidInputError (`invalid_request`) on a malformed patch.
   */
  updateSessionData(
    sessionId: string,
    patch: SessionDataPatchInput,
  ): Promise<SessionDataUpdateResult>;
  /** Rotate a refresh token (grace window, reuse detection). `passive` does not slide idle. */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<RefreshResult>;
  /**
   * Step-up after the caller verified the user's password: rotates the presented refresh token
   * under the refresh rules (grace, reuse, compare-and-set) and writes authTime = now and
   * aal = max(current, requested); the new access token carries both. A token of another
   * session is `invalid_token`; an ended session is refused as everywhere else.
   */
  reauthenticate(input: ReauthenticateInput): Promise<RefreshResult>;
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
