import type { Aal, DeviceType, RevocationReason } from '@tessera/protocol';

/** Device facts captured at sign-in. */
export interface DeviceRecord {
  type: DeviceType;
  name: string;
  browser: string | null;
  os: string | null;
  /** Raw User-Agent, capped at 512 characters. */
  userAgent: string | null;
}

/**
 * A server-side session as stores keep it. All times are epoch milliseconds.
 * `version` increases on every rotation and revocation: it is the compare-and-set guard.
 */
export interface SessionRecord {
  id: string;
  userId: string;
  kind: 'user' | 'anonymous';
  /** Roles snapshotted at sign-in (they select the timeout policy and go into access tokens). */
  roles: string[];
  createdAt: number;
  lastActiveAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  /** Idle timeout that applies to this session (from its role and remember-me at sign-in). */
  idleTimeoutMs: number;
  rememberMe: boolean;
  authTime: number;
  aal: Aal;
  device: DeviceRecord;
  ip: string | null;
  location: string | null;
  revokedAt: number | null;
  revokedReason: RevocationReason | null;
  /** SHA-256 (base64url) of the one current refresh token. */
  refreshTokenHash: string;
  /** Generation of the current refresh token; starts at 1. */
  refreshGeneration: number;
  /** Until when a token of the previous generation (or a sibling) still yields a successor. */
  refreshGraceUntil: number;
  /** Expiry of the current refresh token (never after absoluteExpiresAt). */
  refreshExpiresAt: number;
  /** Encrypted per-session data (opaque to stores), or null. */
  data: string | null;
  dataVersion: number;
  /** Activity counters: authenticated requests seen and response bytes sent. */
  requestCount: number;
  bytesSent: number;
  version: number;
}

/** What a store remembers of every refresh token it ever issued for a live session. */
export interface RefreshTokenRecord {
  hash: string;
  sessionId: string;
  generation: number;
  issuedAt: number;
}
