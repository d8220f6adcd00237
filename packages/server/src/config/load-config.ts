import { ConfigError } from '@tessera/core';
import * as v from './internal-values.ts';
import type { LogLevel, ServerConfig } from './server-config.ts';

type Env = Readonly<Record<string, string | undefined>>;
type Flags = Readonly<Record<string, string | boolean | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Every option: its name without the `TESSERA_` prefix (flag = kebab-case of it) and default. */
const DEFAULTS = {
  DATABASE_URL: 'sqlite:./data/tessera.db',
  REDIS_URL: undefined,
  HOST: '127.0.0.1',
  PORT: '3000',
  TRUST_PROXY: 'false',
  ACCESS_TTL: '15m',
  REFRESH_TTL: '30d',
  IDLE_TIMEOUT: '15m',
  ABSOLUTE_TIMEOUT: '30d',
  SHORT_ABSOLUTE_TIMEOUT: '12h',
  REFRESH_GRACE: '30s',
  MAX_SESSIONS_PER_USER: '0',
  SESSION_LIMIT_POLICY: 'evict_oldest',
  COOKIE_SECURE: 'true',
  TRUSTED_ORIGINS: '',
  ACTIVITY_WRITE_INTERVAL: '60s',
  DATA_KEY: undefined,
  SESSION_DATA_MAX_BYTES: '16384',
  ALGORITHM: 'EdDSA',
  ED25519: 'auto',
  ISSUER: 'tessera',
  AUDIENCE: 'tessera',
  ROLE_POLICIES: '{}',
  LOG_LEVEL: 'info',
  LOCATION_HEADER: undefined,
  STATIC_DIR: undefined,
} as const satisfies Record<string, string | undefined>;

export type ConfigOptionName = keyof typeof DEFAULTS;

/** Environment names of every option, e.g. `TESSERA_IDLE_TIMEOUT` (for docs and the CLI). */
export const CONFIG_ENV_NAMES: readonly string[] = Object.keys(DEFAULTS).map((k) => `TESSERA_${k}`);

/** The CLI flag of an option: `IDLE_TIMEOUT` → `idle-timeout`. */
export function flagName(option: ConfigOptionName): string {
  return option.toLowerCase().replace(/_/g, '-');
}

/**
 * Build the service configuration from environment variables and CLI flags (flags win).
 * Throws ConfigError naming the option (environment form) on the first bad value.
 * Unknown flags are ignored: the CLI passes its own flags too.
 */
export function loadConfig(env: Env, flags: Flags = {}): ServerConfig {
  const raw = (name: ConfigOptionName): string | undefined => {
    const flag = flags[flagName(name)];
    if (flag !== undefined) return typeof flag === 'boolean' ? String(flag) : flag;
    const value = env[`TESSERA_${name}`];
    return value === undefined || value.trim() === '' ? DEFAULTS[name] : value;
  };
  const get = (name: ConfigOptionName): string => raw(name) ?? '';
  const optional = (name: ConfigOptionName): string | undefined => {
    const value = raw(name)?.trim();
    return value === '' ? undefined : value;
  };
  const env_ = (name: ConfigOptionName): string => `TESSERA_${name}`;

  const redis = optional('REDIS_URL');
  const key = optional('DATA_KEY');
  const config: ServerConfig = {
    databaseUrl: v.url(env_('DATABASE_URL'), get('DATABASE_URL'), [
      'sqlite',
      'postgres',
      'postgresql',
      'redis',
      'rediss',
      'memory',
    ]),
    redisUrl: redis === undefined ? null : v.url(env_('REDIS_URL'), redis, ['redis', 'rediss']),
    host: v.nonEmpty(env_('HOST'), get('HOST')),
    port: v.integer(env_('PORT'), get('PORT'), 0, 65_535),
    trustProxy: v.trustProxy(env_('TRUST_PROXY'), get('TRUST_PROXY')),
    accessTtlMs: v.durationMs(env_('ACCESS_TTL'), get('ACCESS_TTL')),
    refreshTtlMs: v.durationMs(env_('REFRESH_TTL'), get('REFRESH_TTL')),
    idleTimeoutMs: v.durationMs(env_('IDLE_TIMEOUT'), get('IDLE_TIMEOUT')),
    absoluteTimeoutMs: v.durationMs(env_('ABSOLUTE_TIMEOUT'), get('ABSOLUTE_TIMEOUT')),
    shortAbsoluteTimeoutMs: v.durationMs(
      env_('SHORT_ABSOLUTE_TIMEOUT'),
      get('SHORT_ABSOLUTE_TIMEOUT'),
    ),
    refreshGraceMs: v.durationMs(env_('REFRESH_GRACE'), get('REFRESH_GRACE')),
    maxSessionsPerUser: v.integer(
      env_('MAX_SESSIONS_PER_USER'),
      get('MAX_SESSIONS_PER_USER'),
      0,
      10_000,
    ),
    sessionLimitPolicy: v.oneOf(env_('SESSION_LIMIT_POLICY'), get('SESSION_LIMIT_POLICY'), [
      'evict_oldest',
      'reject',
    ]),
    cookieSecure: v.boolean(env_('COOKIE_SECURE'), get('COOKIE_SECURE')),
    trustedOrigins: v.origins(env_('TRUSTED_ORIGINS'), get('TRUSTED_ORIGINS')),
    activityWriteIntervalMs: v.durationMs(
      env_('ACTIVITY_WRITE_INTERVAL'),
      get('ACTIVITY_WRITE_INTERVAL'),
    ),
    dataKey: key === undefined ? null : v.dataKey(env_('DATA_KEY'), key),
    sessionDataMaxBytes: v.integer(
      env_('SESSION_DATA_MAX_BYTES'),
      get('SESSION_DATA_MAX_BYTES'),
      1,
      1_048_576,
    ),
    algorithm: v.oneOf(env_('ALGORITHM'), get('ALGORITHM'), ['EdDSA', 'ES256', 'HS256']),
    ed25519: v.oneOf(env_('ED25519'), get('ED25519'), ['auto', 'openssl']),
    issuer: v.nonEmpty(env_('ISSUER'), get('ISSUER')),
    audience: v.nonEmpty(env_('AUDIENCE'), get('AUDIENCE')),
    rolePolicies: Object.freeze(v.rolePolicies(env_('ROLE_POLICIES'), get('ROLE_POLICIES'))),
    logLevel: v.oneOf(env_('LOG_LEVEL'), get('LOG_LEVEL'), LOG_LEVELS),
    locationHeader: headerName(env_('LOCATION_HEADER'), optional('LOCATION_HEADER')),
    staticDir: optional('STATIC_DIR') ?? null,
  };
  checkConsistency(config);
  return Object.freeze(config);
}

function headerName(option: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^[A-Za-z0-9-]+$/.test(value)) throw new ConfigError(option, 'expected an HTTP header name');
  return value.toLowerCase();
}

// Access tokens and idle deadlines are capped by the engine; only this pairing is a likely typo.
function checkConsistency(config: ServerConfig): void {
  if (config.shortAbsoluteTimeoutMs > config.absoluteTimeoutMs) {
    throw new ConfigError(
      'TESSERA_SHORT_ABSOLUTE_TIMEOUT',
      'must not exceed TESSERA_ABSOLUTE_TIMEOUT',
    );
  }
}
