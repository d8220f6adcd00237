import type { KeyStore } from '../store/key-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import type { JwsSigner } from './jws-signer.ts';
import type { RevocationFeed } from './revocation-feed.ts';
import type { Clock, RandomSource } from './types.ts';

/** A duration: milliseconds as a number, or a string such as `900` (seconds), `15m`, `30d`. */
export type Duration = number | string;

export type SigningAlgorithm = 'EdDSA' | 'ES256' | 'HS256';
export type SessionLimitPolicy = 'evict_oldest' | 'reject';

/** Timeouts for sessions whose user has a given role. The strictest matching role wins. */
export interface RolePolicy {
  idleTimeout?: Duration;
  absoluteTimeout?: Duration;
}

export interface EngineOptions {
  store: SessionStore;
  /** Where signing keys live (usually the same store object). */
  keyStore: KeyStore;
  /** `iss` of access tokens. Default `tessera`. */
  issuer?: string;
  /** `aud` of access tokens. Default `tessera`. */
  audience?: string;
  /** Signing algorithm of new keys. Default `EdDSA`. HS256 keys are never published in the JWKS. */
  algorithm?: SigningAlgorithm;
  /**
   * 32-byte key (AES-256-GCM) that encrypts private signing keys and per-session data at rest.
   * Without it they are stored in clear (development only; the server warns).
   */
  dataKey?: Uint8Array;
  /**
   * Largest per-session data, in bytes of its serialized JSON (UTF-8, before encryption).
   * An update that would exceed it is refused (`quota_exceeded`). Integer from 1 to 1 MiB.
   * Default 16384 (16 KiB).
   */
  sessionDataMaxBytes?: number;
  /** Access token lifetime. Default 15m. */
  accessTtl?: Duration;
  /** Refresh token lifetime (never past the absolute deadline). Default 30d. */
  refreshTtl?: Duration;
  /** Idle timeout. Default 15m. */
  idleTimeout?: Duration;
  /** Absolute lifetime of a remember-me session. Default 30d. */
  absoluteTimeout?: Duration;
  /** Absolute lifetime of a session without remember-me. Default 12h. */
  shortAbsoluteTimeout?: Duration;
  /** How long the immediately previous refresh token still yields a successor. Default 30s. */
  refreshGrace?: Duration;
  /** Per-role timeouts, e.g. `{ admin: { idleTimeout: '10m' } }`. */
  rolePolicies?: Readonly<Record<string, RolePolicy>>;
  /** 0 = unlimited. Default 0. */
  maxSessionsPerUser?: number;
  /** Default `evict_oldest`. */
  sessionLimitPolicy?: SessionLimitPolicy;
  /** At most one activity write per session per interval. Default 60s. */
  activityWriteInterval?: Duration;
  /** Cross-instance revocation. Without it the store is polled every `revocationPollInterval`. */
  revocationFeed?: RevocationFeed;
  /** Default 2s (ignored when a feed is given, except as a safety net every 5 s). */
  revocationPollInterval?: Duration;
  /** How many verified access tokens to cache (LRU). Default 10,000. */
  verifyCacheSize?: number;
  /**
   * How many sessions to remember as this process last wrote them (LRU, without their data),
   * so that refreshing a current token skips a store read. The rotation stays a
   * compare-and-set, so a stale entry costs a retry, never a wrong answer. 0 disables.
   * Default 10,000.
   */
  sessionCacheSize?: number;
  clock?: Clock;
  random?: RandomSource;
  /**
   * SHA-256 of a UTF-8 string as a base64url digest (no padding), used to hash refresh tokens.
   * Give a synchronous native one, e.g. node:crypto's
   * `(s) => createHash('sha256').update(s).digest('base64url')`: every refresh hashes two
   * tokens, and a Web Crypto digest costs a thread-pool job and a promise each. Default:
   * Web Crypto (asynchronous); both give the same hashes.
   */
  sha256?: (input: string) => string;
  /**
   * Computes access-token signatures elsewhere, e.g. on a worker thread (the server does this
   * for EdDSA and ES256). Default: Web Crypto on the calling thread.
   */
  signer?: JwsSigner;
}
