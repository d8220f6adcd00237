import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';

function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from here`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

describe('openStore', () => {
  it('opens sqlite:<path>, creating the directory, and migrates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-open-'));
    try {
      const file = join(dir, 'nested', 'data', 'tessera.db');
      const stores = await openStore({ databaseUrl: `sqlite:${file}`, redisUrl: null });
      await stores.migrate();
      await stores.store.ping();
      expect(await stores.users.list()).toEqual([]);
      await stores.close();
      expect(existsSync(file)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the package to install when a store package is missing', async () => {
    const load = async (name: string): Promise<Record<string, unknown>> => {
      throw notFound(name);
    };
    const error = await openStore(
      { databaseUrl: 'postgres://u@127.0.0.1/db', redisUrl: null },
      load,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe('TESSERA_DATABASE_URL');
    expect((error as ConfigError).message).toContain('@tessera/store-postgres');
    // The URL may hold a password: it never appears in the message.
    expect((error as ConfigError).message).not.toContain('u@127.0.0.1');
  });

  it('loads store packages only for their scheme', async () => {
    const loaded: string[] = [];
    const load = async (name: string): Promise<Record<string, unknown>> => {
      loaded.push(name);
      throw notFound(name);
    };
    await openStore({ databaseUrl: 'memory:', redisUrl: null }, load).then((s) => s.close());
    expect(loaded).toEqual([]);
    await expect(
      openStore({ databaseUrl: 'memory:', redisUrl: 'redis://127.0.0.1' }, load),
    ).rejects.toMatchObject({
      option: 'TESSERA_REDIS_URL',
    });
    expect(loaded).toEqual(['@tessera/store-redis']);
    await expect(
      openStore({ databaseUrl: 'mysql://x', redisUrl: null }, load),
    ).rejects.toMatchObject({
      code: 'invalid_config',
    });
  });
});
