import { ConfigError, createMemoryStore, createSessionEngine } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import type { SignerThread } from '../internal/signer-thread.ts';
import { engineOptionsFromConfig } from './engine-options-from-config.ts';
import { loadConfig } from './load-config.ts';

function optionOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('invalid_config');
    return (error as ConfigError).option;
  }
  return undefined;
}

describe('loadConfig', () => {
  it('applies the documented defaults and freezes the result', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: 'sqlite:./data/tessera.db',
      redisUrl: null,
      host: '127.0.0.1',
      port: 3000,
      trustProxy: false,
      accessTtlMs: 15 * 60_000,
      refreshTtlMs: 30 * 86_400_000,
      idleTimeoutMs: 15 * 60_000,
      absoluteTimeoutMs: 30 * 86_400_000,
      shortAbsoluteTimeoutMs: 12 * 3_600_000,
      refreshGraceMs: 30_000,
      maxSessionsPerUser: 0,
      sessionLimitPolicy: 'evict_oldest',
      cookieSecure: true,
      trustedOrigins: [],
      activityWriteIntervalMs: 60_000,
      dataKey: null,
      algorithm: 'EdDSA',
      ed25519: 'auto',
      issuer: 'tessera',
      audience: 'tessera',
      logLevel: 'info',
      locationHeader: null,
      staticDir: null,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads the environment and lets kebab-case flags win', () => {
    const c = loadConfig(
      {
        TESSERA_PORT: '8080',
        TESSERA_IDLE_TIMEOUT: '900',
        TESSERA_TRUST_PROXY: '10.0.0.0/8, ::1',
        TESSERA_TRUSTED_ORIGINS: 'https://app.example.com/',
      },
      { port: '9090', 'idle-timeout': '10m', 'cookie-secure': false },
    );
    expect(c.port).toBe(9090);
    expect(c.idleTimeoutMs).toBe(600_000);
    expect(c.cookieSecure).toBe(false);
    expect(c.trustProxy).toEqual(['10.0.0.0/8', '::1']);
    expect(c.trustedOrigins).toEqual(['https://app.example.com']);
  });

  it('decodes a 32-byte data key from base64 and base64url', () => {
    const key = Buffer.alloc(32, 0xfb);
    expect(loadConfig({ TESSERA_DATA_KEY: key.toString('base64') }).dataKey).toEqual(
      new Uint8Array(key),
    );
    expect(loadConfig({ TESSERA_DATA_KEY: key.toString('base64url') }).dataKey).toEqual(
      new Uint8Array(key),
    );
  });

  it('parses role policies into milliseconds and maps them onto engine options', () => {
    const c = loadConfig({
      TESSERA_ROLE_POLICIES: '{"admin":{"idleTimeout":"10m","absoluteTimeout":"8h"}}',
    });
    expect(c.rolePolicies).toEqual({
      admin: { idleTimeoutMs: 600_000, absoluteTimeoutMs: 28_800_000 },
    });
    const engine = engineOptionsFromConfig(c);
    expect(engine.rolePolicies).toEqual({
      admin: { idleTimeout: 600_000, absoluteTimeout: 28_800_000 },
    });
    expect(engine).toMatchObject({
      idleTimeout: 900_000,
      shortAbsoluteTimeout: 43_200_000,
      sessionLimitPolicy: 'evict_oldest',
    });
    expect('dataKey' in engine).toBe(false);
  });

  it("injects node:crypto SHA-256, which hashes refresh tokens exactly like core's Web Crypto default", async () => {
    const native = engineOptionsFromConfig(loadConfig({}));
    const stores = [createMemoryStore(), createMemoryStore()];
    const engines = [
      createSessionEngine({ ...native, store: stores[0]!, keyStore: stores[0]! }),
      createSessionEngine({ store: stores[1]!, keyStore: stores[1]! }),
    ];
    try {
      for (const text of ['', 'abc', 'ü-token-€', 'x'.repeat(300)]) {
        const webCrypto = Buffer.from(
          await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
        ).toString('base64url');
        expect(native.sha256(text)).toBe(webCrypto);
      }
      const input = {
        user: { id: 'u', roles: [] },
        rememberMe: false,
        device: { type: 'desktop', name: 'T', browser: null, os: null, userAgent: null },
        ip: null,
        location: null,
      } as const;
      for (const [i, engine] of engines.entries()) {
        const issued = await engine.signIn(input);
        const stored = await stores[i]!.get(issued.session.id);
        expect(stored?.refreshTokenHash).toBe(native.sha256(issued.refreshToken));
        // Each path finds the token again by its hash.
        expect((await engine.refresh(issued.refreshToken)).ok).toBe(true);
      }
    } finally {
      for (const engine of engines) await engine.close();
    }
  });

  for (const algorithm of ['EdDSA', 'ES256', 'HS256'] as const) {
    it(`${algorithm}: access tokens are signed by the signing thread and verify`, async () => {
      const options = engineOptionsFromConfig(loadConfig({ TESSERA_ALGORITHM: algorithm }));
      const signs: string[] = [];
      const { signer } = options;
      const counting = {
        addKey: signer.addKey.bind(signer),
        sign: (key: number, input: string) => {
          signs.push(input);
          return signer.sign(key, input);
        },
      };
      const store = createMemoryStore();
      const engine = createSessionEngine({ ...options, signer: counting, store, keyStore: store });
      try {
        const issued = await engine.signIn({
          user: { id: 'u', roles: ['user'] },
          rememberMe: false,
          device: { type: 'desktop', name: 'T', browser: null, os: null, userAgent: null },
          ip: null,
          location: null,
        });
        expect(signs).toEqual([issued.accessToken.split('.').slice(0, 2).join('.')]);
        expect(await engine.verifyAccessToken(issued.accessToken)).toMatchObject({ ok: true });
      } finally {
        await engine.close();
      }
    });
  }

  it('TESSERA_ED25519=openssl gives a signing thread that never loads libsodium', async () => {
    const chosen = engineOptionsFromConfig(loadConfig({ TESSERA_ED25519: 'openssl' })).signer;
    expect(await (chosen as SignerThread).ed25519Provider()).toBe('openssl');
  });

  const bad: [Record<string, string>, string][] = [
    [{ TESSERA_IDLE_TIMEOUT: 'soon' }, 'TESSERA_IDLE_TIMEOUT'],
    [{ TESSERA_ACCESS_TTL: '0' }, 'TESSERA_ACCESS_TTL'],
    [{ TESSERA_PORT: '70000' }, 'TESSERA_PORT'],
    [{ TESSERA_ED25519: 'sodium' }, 'TESSERA_ED25519'],
    [{ TESSERA_PORT: '80a' }, 'TESSERA_PORT'],
    [{ TESSERA_TRUST_PROXY: '10.0.0.0/33' }, 'TESSERA_TRUST_PROXY'],
    [{ TESSERA_TRUST_PROXY: 'proxy.local' }, 'TESSERA_TRUST_PROXY'],
    [{ TESSERA_SESSION_LIMIT_POLICY: 'drop' }, 'TESSERA_SESSION_LIMIT_POLICY'],
    [{ TESSERA_COOKIE_SECURE: 'maybe' }, 'TESSERA_COOKIE_SECURE'],
    [{ TESSERA_TRUSTED_ORIGINS: 'https://app.example.com/path' }, 'TESSERA_TRUSTED_ORIGINS'],
    [{ TESSERA_TRUSTED_ORIGINS: '*' }, 'TESSERA_TRUSTED_ORIGINS'],
    [{ TESSERA_DATA_KEY: 'c2hvcnQ=' }, 'TESSERA_DATA_KEY'],
    [{ TESSERA_DATA_KEY: 'not base64!' }, 'TESSERA_DATA_KEY'],
    [{ TESSERA_ALGORITHM: 'none' }, 'TESSERA_ALGORITHM'],
    [{ TESSERA_ROLE_POLICIES: '{"admin":{"idle":"10m"}}' }, 'TESSERA_ROLE_POLICIES'],
    [{ TESSERA_ROLE_POLICIES: 'admin=10m' }, 'TESSERA_ROLE_POLICIES'],
    [{ TESSERA_LOG_LEVEL: 'loud' }, 'TESSERA_LOG_LEVEL'],
    [{ TESSERA_REDIS_URL: 'http://x' }, 'TESSERA_REDIS_URL'],
    [{ TESSERA_DATABASE_URL: 'mysql://x' }, 'TESSERA_DATABASE_URL'],
    [{ TESSERA_MAX_SESSIONS_PER_USER: '-1' }, 'TESSERA_MAX_SESSIONS_PER_USER'],
    [{ TESSERA_SHORT_ABSOLUTE_TIMEOUT: '40d' }, 'TESSERA_SHORT_ABSOLUTE_TIMEOUT'],
    [{ TESSERA_LOCATION_HEADER: 'bad header' }, 'TESSERA_LOCATION_HEADER'],
  ];
  for (const [env, option] of bad) {
    it(`rejects ${JSON.stringify(env)} naming ${option}`, () => {
      expect(optionOf(() => loadConfig(env))).toBe(option);
    });
  }

  it('names the environment form for a bad flag too, and never echoes the data key', () => {
    expect(optionOf(() => loadConfig({}, { 'idle-timeout': 'x' }))).toBe('TESSERA_IDLE_TIMEOUT');
    try {
      loadConfig({ TESSERA_DATA_KEY: 'c2VjcmV0LXZhbHVl' });
    } catch (error) {
      expect((error as Error).message).not.toContain('c2VjcmV0LXZhbHVl');
    }
  });
});
