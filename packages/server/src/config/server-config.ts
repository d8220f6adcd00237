import type { SessionLimitPolicy, SigningAlgorithm } from '@tessera/core';

/** Per-role timeouts, already parsed to milliseconds. */
export interface RoleTimeouts {
  idleTimeoutMs?: number;
  absoluteTimeoutMs?: number;
}

/** Pino log levels accepted by `TESSERA_LOG_LEVEL`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The service configuration: validated, defaults applied, frozen. Durations are milliseconds.
 * Built by {@link loadConfig} from the environment and CLI flags; docs/configuration.md lists
 * every option with its environment name and flag.
 */
export interface ServerConfig {
  /** `TESSERA_DATABASE_URL`, default `sqlite:./data/tessera.db`. */
  readonly databaseUrl: string;
  /** `TESSERA_REDIS_URL`; null when unset. */
  readonly redisUrl: string | null;
  /** `TESSERA_HOST`, default `127.0.0.1`. */
  readonly host: string;
  /** `TESSERA_PORT`, default 3000. */
  readonly port: number;
  /** `TESSERA_TRUST_PROXY`: false (default), true (every peer), or a list of trusted CIDRs. */
  readonly trustProxy: boolean | readonly string[];
  /** `TESSERA_ACCESS_TTL`, default 15m. */
  readonly accessTtlMs: number;
  /** `TESSERA_REFRESH_TTL`, default 30d. */
  readonly refreshTtlMs: number;
  /** `TESSERA_IDLE_TIMEOUT`, default 15m. */
  readonly idleTimeoutMs: number;
  /** `TESSERA_ABSOLUTE_TIMEOUT` (remember-me sessions), default 30d. */
  readonly absoluteTimeoutMs: number;
  /** `TESSERA_SHORT_ABSOLUTE_TIMEOUT` (sessions without remember-me), default 12h. */
  readonly shortAbsoluteTimeoutMs: number;
  /** `TESSERA_REFRESH_GRACE`, default 30s. */
  readonly refreshGraceMs: number;
  /** `TESSERA_MAX_SESSIONS_PER_USER`, default 0 (unlimited). */
  readonly maxSessionsPerUser: number;
  /** `TESSERA_SESSION_LIMIT_POLICY`, default `evict_oldest`. */
  readonly sessionLimitPolicy: SessionLimitPolicy;
  /** `TESSERA_COOKIE_SECURE`, default true; false only for plain-http development. */
  readonly cookieSecure: boolean;
  /** `TESSERA_TRUSTED_ORIGINS`: extra origins allowed by CSRF and CORS (normalised origins). */
  readonly trustedOrigins: readonly string[];
  /** `TESSERA_ACTIVITY_WRITE_INTERVAL`, default 60s. */
  readonly activityWriteIntervalMs: number;
  /** `TESSERA_DATA_KEY`: 32 bytes, base64 or base64url; null when unset (development only). */
  readonly dataKey: Uint8Array | null;
  /** `TESSERA_SESSION_DATA_MAX_BYTES`, default 16384: cap of per-session data (serialized JSON). */
  readonly sessionDataMaxBytes: number;
  /** `TESSERA_ALGORITHM`, default `EdDSA`. */
  readonly algorithm: SigningAlgorithm;
  /** `TESSERA_ED25519`, default `auto`: libsodium signs Ed25519 when installed, else OpenSSL. */
  readonly ed25519: 'auto' | 'openssl';
  /** `TESSERA_ISSUER`, default `tessera`. */
  readonly issuer: string;
  /** `TESSERA_AUDIENCE`, default `tessera`. */
  readonly audience: string;
  /** `TESSERA_ROLE_POLICIES`, JSON such as `{"admin":{"idleTimeout":"10m"}}`. */
  readonly rolePolicies: Readonly<Record<string, Readonly<RoleTimeouts>>>;
  /** `TESSERA_LOG_LEVEL`, default `info`. */
  readonly logLevel: LogLevel;
  /** `TESSERA_LOCATION_HEADER`, e.g. `cf-ipcountry`; null when unset. */
  readonly locationHeader: string | null;
  /** `TESSERA_STATIC_DIR`: files served at `/` with an SPA fallback; null when unset. */
  readonly staticDir: string | null;
}
