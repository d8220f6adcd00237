import { ConfigError } from '../errors.ts';
import { sha256Base64url } from '../internal/sha256.ts';
import type { KeyStore } from '../store/key-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import { systemClock, webCryptoRandom } from './defaults.ts';
import type { JwsSigner } from './jws-signer.ts';
import type { EngineOptions, SessionLimitPolicy, SigningAlgorithm } from './options.ts';
import { parseDuration } from './parse-duration.ts';
import type { RevocationFeed } from './revocation-feed.ts';
import type { Clock, RandomSource } from './types.ts';

/** Role timeouts in milliseconds (undefined = the role does not set it). */
export interface ResolvedRolePolicy {
  readonly idleTimeoutMs: number | undefined;
  readonly absoluteTimeoutMs: number | undefined;
}

/** Options after validation and defaults, all durations in milliseconds. Frozen. */
export interface ResolvedOptions {
  readonly store: SessionStore;
  readonly keyStore: KeyStore;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithm: SigningAlgorithm;
  readonly dataKey: Uint8Array | undefined;
  readonly sessionDataMaxBytes: number;
  readonly accessTtlMs: number;
  readonly refreshTtlMs: number;
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  readonly shortAbsoluteTimeoutMs: number;
  readonly refreshGraceMs: number;
  readonly rolePolicies: ReadonlyMap<string, ResolvedRolePolicy>;
  readonly maxSessionsPerUser: number;
  readonly sessionLimitPolicy: SessionLimitPolicy;
  readonly activityWriteIntervalMs: number;
  readonly revocationFeed: RevocationFeed | undefined;
  readonly revocationPollIntervalMs: number;
  readonly verifyCacheSize: number;
  readonly sessionCacheSize: number;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Refresh-token hash (base64url SHA-256): the injected one, or Web Crypto. */
  readonly sha256: (input: string) => string | Promise<string>;
  readonly signer: JwsSigner | undefined;
}

const ALGORITHMS: readonly SigningAlgorithm[] = ['EdDSA', 'ES256', 'HS256'];
const LIMIT_POLICIES: readonly SessionLimitPolicy[] = ['evict_oldest', 'reject'];

/** Validates the options once, applies defaults once and freezes the result. */
export function resolveOptions(options: EngineOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('options', 'must be an object');
  }
  requireMethods('store', options.store, ['create', 'get', 'rotate', 'revoke', 'touch']);
  requireMethods('keyStore', options.keyStore, ['listKeys', 'addKey', 'retireKeys']);
  const resolved: ResolvedOptions = {
    store: options.store,
    keyStore: options.keyStore,
    issuer: nonEmptyString('issuer', options.issuer ?? 'tessera'),
    audience: nonEmptyString('audience', options.audience ?? 'tessera'),
    algorithm: oneOf('algorithm', options.algorithm ?? 'EdDSA', ALGORITHMS),
    dataKey: dataKey(options.dataKey),
    sessionDataMaxBytes: sessionDataMaxBytes(options.sessionDataMaxBytes),
    ...durations(options),
    rolePolicies: rolePolicies(options.rolePolicies),
    maxSessionsPerUser: count('maxSessionsPerUser', options.maxSessionsPerUser ?? 0),
    sessionLimitPolicy: oneOf(
      'sessionLimitPolicy',
      options.sessionLimitPolicy ?? 'evict_oldest',
      LIMIT_POLICIES,
    ),
    revocationFeed: feed(options.revocationFeed),
    verifyCacheSize: count('verifyCacheSize', options.verifyCacheSize ?? 10_000),
    sessionCacheSize: count('sessionCacheSize', options.sessionCacheSize ?? 10_000),
    clock: options.clock ?? systemClock,
    random: options.random ?? webCryptoRandom,
    sha256: hasher(options.sha256),
    signer: signer(options.signer),
  };
  requireMethods('clock', resolved.clock, ['now']);
  requireMethods('random', resolved.random, ['fill']);
  if (resolved.shortAbsoluteTimeoutMs > resolved.absoluteTimeoutMs) {
    throw new ConfigError('shortAbsoluteTimeout', 'must not exceed absoluteTimeout');
  }
  return Object.freeze(resolved);
}

type DurationFields =
  | 'accessTtlMs'
  | 'refreshTtlMs'
  | 'idleTimeoutMs'
  | 'absoluteTimeoutMs'
  | 'shortAbsoluteTimeoutMs'
  | 'refreshGraceMs'
  | 'activityWriteIntervalMs'
  | 'revocationPollIntervalMs';

/** Every top-level duration option, in milliseconds, with its default. */
function durations(options: EngineOptions): Pick<ResolvedOptions, DurationFields> {
  return {
    accessTtlMs: parseDuration(options.accessTtl ?? '15m', 'accessTtl'),
    refreshTtlMs: parseDuration(options.refreshTtl ?? '30d', 'refreshTtl'),
    idleTimeoutMs: parseDuration(options.idleTimeout ?? '15m', 'idleTimeout'),
    absoluteTimeoutMs: parseDuration(options.absoluteTimeout ?? '30d', 'absoluteTimeout'),
    shortAbsoluteTimeoutMs: parseDuration(
      options.shortAbsoluteTimeout ?? '12h',
      'shortAbsoluteTimeout',
    ),
    refreshGraceMs: parseDuration(options.refreshGrace ?? '30s', 'refreshGrace', {
      allowZero: true,
    }),
    activityWriteIntervalMs: parseDuration(
      options.activityWriteInterval ?? '60s',
      'activityWriteInterval',
    ),
    revocationPollIntervalMs: parseDuration(
      options.revocationPollInterval ?? '2s',
      'revocationPollInterval',
    ),
  };
}

function requireMethods(option: string, value: unknown, methods: readonly string[]): void {
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(option, 'is required');
  }
  for (const method of methods) {
    if (typeof (value as Record<string, unknown>)[method] !== 'function') {
      throw new ConfigError(option, `must implement ${method}()`);
    }
  }
}

function nonEmptyString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(option, 'must be a non-empty string');
  }
  return value;
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigError(option, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function count(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(option, 'must be a non-negative integer');
  }
  return value;
}

function dataKey(value: unknown): Uint8Array | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Uint8Array) || value.length !== 32) {
    throw new ConfigError('dataKey', 'must be 32 bytes');
  }
  return new Uint8Array(value);
}

/** Default cap of per-session data (serialized JSON bytes) and the largest allowed. */
const SESSION_DATA_DEFAULT_BYTES = 16 * 1024;
const SESSION_DATA_MAX_BYTES = 1024 * 1024;

function sessionDataMaxBytes(value: unknown): number {
  if (value === undefined) return SESSION_DATA_DEFAULT_BYTES;
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > SESSION_DATA_MAX_BYTES
  ) {
    throw new ConfigError(
      'sessionDataMaxBytes',
      `must be an integer from 1 to ${SESSION_DATA_MAX_BYTES}`,
    );
  }
  return value;
}

function feed(value: RevocationFeed | undefined): RevocationFeed | undefined {
  if (value === undefined) return undefined;
  requireMethods('revocationFeed', value, ['publish', 'subscribe', 'isHealthy']);
  return value;
}

function signer(value: JwsSigner | undefined): JwsSigner | undefined {
  if (value === undefined) return undefined;
  requireMethods('signer', value, ['addKey', 'sign']);
  return value;
}

function hasher(value: unknown): (input: string) => string | Promise<string> {
  if (value === undefined) return sha256Base64url;
  if (typeof value !== 'function') throw new ConfigError('sha256', 'must be a function');
  return value as (input: string) => string;
}

function rolePolicies(
  value: EngineOptions['rolePolicies'],
): ReadonlyMap<string, ResolvedRolePolicy> {
  const policies = new Map<string, ResolvedRolePolicy>();
  for (const [role, policy] of Object.entries(value ?? {})) {
    const name = `rolePolicies.${role}`;
    if (typeof policy !== 'object' || policy === null) {
      throw new ConfigError(name, 'must be an object');
    }
    policies.set(role, {
      idleTimeoutMs:
        policy.idleTimeout === undefined
          ? undefined
          : parseDuration(policy.idleTimeout, `${name}.idleTimeout`),
      absoluteTimeoutMs:
        policy.absoluteTimeout === undefined
          ? undefined
          : parseDuration(policy.absoluteTimeout, `${name}.absoluteTimeout`),
    });
  }
  return policies;
}
