import type { Aal, RevocationReason } from '@tessera/protocol';
import type { RefreshTokenRecord, SessionRecord } from './session-record.ts';

/** Fields a rotation writes, all at once, if and only if the session is still at `expectedVersion`. */
export interface RotateInput {
  sessionId: string;
  expectedVersion: number;
  /** The new current refresh token. Inserted into the token index with `generation`. */
  newToken: RefreshTokenRecord;
  refreshGraceUntil: number;
  refreshExpiresAt: number;
  /** Activity carried by the refresh (omitted for a passive refresh). */
  lastActiveAt?: number;
  idleExpiresAt?: number;
  /** A step-up (POST /reauth) writes the new last full authentication time and level. */
  authTime?: number;
  aal?: Aal;
  /**
   * The record the engine computed this rotation from (read or remembered at
   * `expectedVersion`). A store may build the record it returns from it and read back only
   * the fields that change without a version bump (activity deadlines and counters, `data`
   * and `dataVersion`); it must ignore a basis whose id or version does not match. Stores that
   * return the whole row may ignore it.
   */
  basis?: SessionRecord;
}

/**
 * Coalesced activity for one session. Stores apply it monotonically and only to a live session
 * whose idle deadline is still after `lastActiveAt` (activity never revives an expired session):
 * last_active_at = max(old, lastActiveAt); idle_expires_at = min(absolute_expires_at,
 * max(old, lastActiveAt + idle_timeout_ms)); counters are incremented by the deltas.
 */
export interface TouchInput {
  sessionId: string;
  /** Latest real activity; 0 when only passive requests were seen (counters only). */
  lastActiveAt: number;
  /** Requests since the last touch (a delta). */
  requestCount: number;
  /** Response bytes since the last touch (a delta). */
  bytesSent: number;
}

export interface RevokeInput {
  sessionId: string;
  reason: RevocationReason;
  at: number;
}

export interface RevokeForUserInput {
  userId: string;
  reason: RevocationReason;
  at: number;
  /** Keep this session (e.g. "sign out everywhere else"). */
  exceptSessionId?: string;
}

/** A revocation as the revocation feed sees it. */
export interface RevokedSession {
  sessionId: string;
  reason: RevocationReason;
  revokedAt: number;
  /** After this time the session's tokens are dead anyway; the entry can be forgotten. */
  absoluteExpiresAt: number;
}

export interface DataUpdateInput {
  sessionId: string;
  expectedDataVersion: number;
  data: string | null;
}

/**
 * Persistence of sessions in domain verbs. Every method is atomic on its own.
 * A store that cannot reach its engine throws {@link StoreUnavailableError}; it never answers
 * "not found" for a failure.
 */
export interface SessionStore {
  /** Insert a new session and its first refresh token. Ids and hashes are unique. */
  create(session: SessionRecord, firstToken: RefreshTokenRecord): Promise<void>;
  get(sessionId: string): Promise<SessionRecord | null>;
  /**
   * The refresh token with this hash if it was ever issued for this session, while that session
   * exists (a token of another session, or of a deleted one, is null).
   */
  findRefreshToken(sessionId: string, hash: string): Promise<RefreshTokenRecord | null>;
  /**
   * Compare-and-set rotation: returns the updated session (version + 1), or null if the version
   * moved on or the session is revoked.
   */
  rotate(input: RotateInput): Promise<SessionRecord | null>;
  /** Apply coalesced activity to many sessions in one write (no version bump). */
  touch(inputs: readonly TouchInput[]): Promise<void>;
  /**
   * End one session (bumps version). Returns the session as revoked, or null if it was unknown
   * or already revoked. A session past its idle deadline is still revoked: activity buffered in
   * some instance may not have been written yet.
   */
  revoke(input: RevokeInput): Promise<SessionRecord | null>;
  /**
   * End all sessions of a user that are not revoked and not past their absolute deadline at
   * `at` (optionally but one); bumps their versions. Returns the sessions it ended.
   */
  revokeForUser(input: RevokeForUserInput): Promise<SessionRecord[]>;
  /** Live sessions of a user (not revoked, not past either deadline at `now`), newest activity first. */
  listForUser(userId: string, now: number): Promise<SessionRecord[]>;
  /**
   * Optional: how many sessions are live at `now` across all users (not revoked, not past
   * either deadline: the rule of listForUser). Used for the `active_sessions` gauge; a store
   * that cannot count cheaply leaves it out and the server estimates from its own events.
   */
  countLive?(now: number): Promise<number>;
  /** Revocations at or after `since` whose sessions are still within their absolute deadline. */
  listRevokedSince(since: number, now: number): Promise<RevokedSession[]>;
  /** Compare-and-set of the encrypted session data. Returns the new version, or null on conflict. */
  updateData(input: DataUpdateInput): Promise<number | null>;
  /**
   * Delete sessions (and their tokens) that ended before `before`: revoked_at, or
   * absolute_expires_at, idle_expires_at or refresh_expires_at earlier than `before`.
   * The engine passes `now − (accessTtl + 5 s + activityWriteInterval)` so revocations stay
   * listable for pollers while their access tokens may live.
   * Works in batches of at most `batchSize` and returns how many it deleted in this call.
   */
  deleteExpired(before: number, batchSize: number): Promise<number>;
  /** Cheap liveness probe for /readyz. Throws StoreUnavailableError when down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
