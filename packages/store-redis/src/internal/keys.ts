/**
 * Key layout. Every key of one user's sessions carries the hash tag `{u:<userId>}` so the
 * multi-key scripts (rotate, revokeForUser, list, delete) run on one Redis Cluster slot.
 * Lookups that start from a session id or a refresh-token hash go through small immutable
 * pointer keys (`{s:<id>}` / `{t:<hash>}` → user id) in their own slots; the pointer is only
 * a routing hint, the authoritative data lives under the user's tag.
 * Global indexes (revocation log, cleanup schedule) share the tag `{g}`; key-ring and user
 * records use `{k}` and `{users}`.
 */
export interface KeyLayout {
  /** Hash: the session record. */
  session(userId: string, sessionId: string): string;
  /** String "sessionId|generation|issuedAt": one refresh token ever issued for a live session. */
  token(userId: string, hash: string): string;
  /** Set of every refresh-token hash of one session (so deleting the session deletes them). */
  sessionTokens(userId: string, sessionId: string): string;
  /** Sorted set: the user's sessions scored by absolute deadline (pruned of ended ones). */
  userIndex(userId: string): string;
  /** Pointer: session id → user id. */
  sessionOwner(sessionId: string): string;
  /** Pointer: refresh-token hash → user id. */
  tokenOwner(hash: string): string;
  /** Sorted set "userId|sessionId" scored by the earliest time the session can have ended. */
  cleanupSchedule(): string;
  /** Sorted set sessionId by revokedAt. */
  revokedByTime(): string;
  /** Sorted set sessionId by absoluteExpiresAt (to prune the revocation log). */
  revokedByExpiry(): string;
  /** Hash sessionId → "reason|revokedAt|absoluteExpiresAt". */
  revokedInfo(): string;
  /** Hash kid → JSON of the immutable key fields. */
  signingKeys(): string;
  /** Hash kid → retiredAt. */
  signingKeysRetired(): string;
  /** Hash: one user record. */
  user(userId: string): string;
  /** Hash lower-cased email → user id. */
  userEmails(): string;
}

/** Ids and hashes are URL-safe; refuse anything that could break out of a hash tag. */
function safe(part: string): string {
  if (/[{}\s]/.test(part)) throw new TypeError('Key part contains a brace or whitespace');
  return part;
}

export function createKeyLayout(prefix: string): KeyLayout {
  const p = prefix;
  const u = (userId: string): string => `${p}{u:${safe(userId)}}`;
  return {
    session: (userId, sessionId) => `${u(userId)}:s:${safe(sessionId)}`,
    token: (userId, hash) => `${u(userId)}:t:${safe(hash)}`,
    sessionTokens: (userId, sessionId) => `${u(userId)}:ts:${safe(sessionId)}`,
    userIndex: (userId) => `${u(userId)}:idx`,
    sessionOwner: (sessionId) => `${p}{s:${safe(sessionId)}}`,
    tokenOwner: (hash) => `${p}{t:${safe(hash)}}`,
    cleanupSchedule: () => `${p}{g}:ends`,
    revokedByTime: () => `${p}{g}:rev`,
    revokedByExpiry: () => `${p}{g}:revexp`,
    revokedInfo: () => `${p}{g}:revinfo`,
    signingKeys: () => `${p}{k}:keys`,
    signingKeysRetired: () => `${p}{k}:retired`,
    user: (userId) => `${p}{users}:u:${safe(userId)}`,
    userEmails: () => `${p}{users}:emails`,
  };
}
