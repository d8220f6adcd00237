import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { createSessionEngine } from './create-session-engine.ts';
import type { EngineOptions } from './options.ts';
import { resolveOptions } from './resolve-options.ts';

const store = createMemoryStore();
const base: EngineOptions = { store, keyStore: store };

function optionNamed(options: Partial<EngineOptions>): string | undefined {
  try {
    resolveOptions({ ...base, ...options } as EngineOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).option;
  }
  return undefined;
}

describe('resolveOptions', () => {
  it('applies the documented defaults and freezes the result', () => {
    const o = resolveOptions(base);
    expect(o.issuer).toBe('tessera');
    expect(o.audience).toBe('tessera');
    expect(o.algorithm).toBe('EdDSA');
    expect(o.accessTtlMs).toBe(15 * 60_000);
    expect(o.refreshTtlMs).toBe(30 * 86_400_000);
    expect(o.idleTimeoutMs).toBe(15 * 60_000);
    expect(o.absoluteTimeoutMs).toBe(30 * 86_400_000);
    expect(o.shortAbsoluteTimeoutMs).toBe(12 * 3_600_000);
    expect(o.refreshGraceMs).toBe(30_000);
    expect(o.maxSessionsPerUser).toBe(0);
    expect(o.sessionLimitPolicy).toBe('evict_oldest');
    expect(o.activityWriteIntervalMs).toBe(60_000);
    expect(o.revocationPollIntervalMs).toBe(2_000);
    expect(o.verifyCacheSize).toBe(10_000);
    expect(Object.isFrozen(o)).toBe(true);
  });

  it.each<[Partial<EngineOptions>, string]>([
    [{ accessTtl: 'soon' }, 'accessTtl'],
    [{ refreshTtl: -1 }, 'refreshTtl'],
    [{ idleTimeout: 0 }, 'idleTimeout'],
    [{ absoluteTimeout: '1y' }, 'absoluteTimeout'],
    [{ shortAbsoluteTimeout: '60d' }, 'shortAbsoluteTimeout'],
    [{ refreshGrace: 'x' }, 'refreshGrace'],
    [{ activityWriteInterval: '0s' }, 'activityWriteInterval'],
    [{ revocationPollInterval: '-2s' }, 'revocationPollInterval'],
    [{ maxSessionsPerUser: -1 }, 'maxSessionsPerUser'],
    [{ maxSessionsPerUser: 1.5 }, 'maxSessionsPerUser'],
    [{ verifyCacheSize: Number.NaN }, 'verifyCacheSize'],
    [{ sessionLimitPolicy: 'drop' as never }, 'sessionLimitPolicy'],
    [{ algorithm: 'none' as never }, 'algorithm'],
    [{ algorithm: 'RS256' as never }, 'algorithm'],
    [{ issuer: '' }, 'issuer'],
    [{ audience: 42 as never }, 'audience'],
    [{ dataKey: new Uint8Array(16) }, 'dataKey'],
    [{ rolePolicies: { admin: { idleTimeout: 'bad' } } }, 'rolePolicies.admin.idleTimeout'],
    [{ store: undefined as never }, 'store'],
    [{ keyStore: {} as never }, 'keyStore'],
    [{ revocationFeed: {} as never }, 'revocationFeed'],
    [{ clock: {} as never }, 'clock'],
  ])('names the bad option %j', (options, name) => {
    expect(optionNamed(options)).toBe(name);
  });

  it('createSessionEngine validates at construction', () => {
    expect(() => createSessionEngine({ ...base, accessTtl: 'nope' })).toThrow(ConfigError);
  });
});
