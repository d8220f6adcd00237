import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, makeEngine, signInInput } from '../../test/helpers.ts';
import { ConfigError, InvalidInputError, SessionDataUnreadableError } from '../errors.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { EngineOptions } from './options.ts';
import { resolveOptions } from './resolve-options.ts';
import type { SessionDataResult, SessionDataUpdateResult, SessionEngine } from './types.ts';

const KEY = new Uint8Array(32).fill(9);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

function setup(options: Partial<EngineOptions> = {}, store = createMemoryStore()) {
  const h = makeEngine({ dataKey: KEY, ...options }, store);
  cleanups.push(h.close);
  return h;
}

function ok<T extends SessionDataResult | SessionDataUpdateResult>(
  result: T,
): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.code}`);
  return result as Extract<T, { ok: true }>;
}

async function write(engine: SessionEngine, id: string, set: Record<string, unknown>) {
  const current = ok(await engine.readSessionData(id));
  return ok(await engine.updateSessionData(id, { version: current.version, set }));
}

describe('session data at rest', () => {
  it('is sealed with the data key: the stored column is not the plaintext', async () => {
    const { engine, store } = setup();
    const { session } = await engine.signIn(signInInput());
    const updated = ok(
      await engine.updateSessionData(session.id, { version: 0, set: { cart: ['sku-4711'] } }),
    );
    expect(updated).toMatchObject({ data: { cart: ['sku-4711'] }, version: 1 });
    const stored = (await store.get(session.id))?.data ?? '';
    expect(stored.startsWith('v1.')).toBe(true);
    expect(stored).not.toContain('sku-4711');
    expect(stored).not.toContain('cart');
    expect(ok(await engine.readSessionData(session.id)).data).toEqual({ cart: ['sku-4711'] });
  });

  it('a ciphertext copied onto another session does not open there (bound to the session id)', async () => {
    const { engine, store } = setup();
    const a = (await engine.signIn(signInInput())).session;
    const b = (await engine.signIn(signInInput({ user: { id: 'user-2', roles: [] } }))).session;
    await write(engine, a.id, { secret: 'of a' });
    const blob = (await store.get(a.id))?.data ?? null;
    await store.updateData({ sessionId: b.id, expectedDataVersion: 0, data: blob });
    await expect(engine.readSessionData(b.id)).rejects.toBeInstanceOf(SessionDataUnreadableError);
    await expect(
      engine.updateSessionData(b.id, { version: 1, set: { x: 1 } }),
    ).rejects.toBeInstanceOf(SessionDataUnreadableError);
  });

  it('clear text planted while a data key is set does not open (fail closed)', async () => {
    const { engine, store } = setup();
    const { session } = await engine.signIn(signInInput());
    await store.updateData({ sessionId: session.id, expectedDataVersion: 0, data: '{"a":1}' });
    await expect(engine.readSessionData(session.id)).rejects.toMatchObject({
      code: 'data_unreadable',
    });
  });

  it('under another data key it does not open', async () => {
    const store = createMemoryStore();
    const first = setup({}, store);
    const { session } = await first.engine.signIn(signInInput());
    await write(first.engine, session.id, { a: 1 });
    // Its own key store, so only the data meets the wrong key.
    const other = setup(
      { dataKey: new Uint8Array(32).fill(1), keyStore: createMemoryStore(), clock: first.clock },
      store,
    );
    await expect(other.engine.readSessionData(session.id)).rejects.toBeInstanceOf(
      SessionDataUnreadableError,
    );
  });

  it('without a data key: stored in clear (development, the server warns); sealed data then refuses with ConfigError(dataKey)', async () => {
    const store = createMemoryStore();
    const plain = setup({ dataKey: undefined }, store);
    const { session } = await plain.engine.signIn(signInInput());
    await write(plain.engine, session.id, { theme: 'dark' });
    expect((await store.get(session.id))?.data).toBe('{"theme":"dark"}');
    const sealed = setup({}, createMemoryStore());
    const other = (await sealed.engine.signIn(signInInput())).session;
    await write(sealed.engine, other.id, { theme: 'dark' });
    const blob = (await sealed.store.get(other.id))?.data ?? null;
    await store.updateData({ sessionId: session.id, expectedDataVersion: 1, data: blob });
    const error = await plain.engine.readSessionData(session.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe('dataKey');
  });
});

describe('session data updates', () => {
  it('compare-and-set: a stale version is a version_conflict with the current version, nothing written', async () => {
    const { engine, store } = setup();
    const { session } = await engine.signIn(signInInput());
    await write(engine, session.id, { a: 1 });
    const before = await store.get(session.id);
    expect(await engine.updateSessionData(session.id, { version: 0, set: { a: 2 } })).toEqual({
      ok: false,
      code: 'version_conflict',
      sessionId: session.id,
      version: 1,
    });
    expect(await store.get(session.id)).toEqual(before);
  });

  it('two writers at the same version: exactly one wins', async () => {
    const { engine } = setup();
    const { session } = await engine.signIn(signInInput());
    const results = await Promise.all([
      engine.updateSessionData(session.id, { version: 0, set: { by: 'a' } }),
      engine.updateSessionData(session.id, { version: 0, set: { by: 'b' } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ code: 'version_conflict', version: 1 }]);
  });

  it('null deletes a key, other keys stay; deleting the last key stores nothing', async () => {
    const { engine, store } = setup();
    const { session } = await engine.signIn(signInInput());
    await write(engine, session.id, { a: 1, b: { nested: true } });
    const after = await write(engine, session.id, { a: null, c: 'x' });
    expect(after.data).toEqual({ b: { nested: true }, c: 'x' });
    const empty = await write(engine, session.id, { b: null, c: null, missing: null });
    expect(empty).toMatchObject({ data: {}, version: 3 });
    expect((await store.get(session.id))?.data).toBeNull();
  });

  it('a key named __proto__ stays a plain key (no prototype pollution)', async () => {
    const { engine } = setup();
    const { session } = await engine.signIn(signInInput());
    const set = JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const result = await write(engine, session.id, set);
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const read = ok(await engine.readSessionData(session.id));
    expect(Object.keys(read.data)).toEqual(['__proto__']);
  });

  it('over the size cap ⇒ quota_exceeded with size and limit; exactly at the cap is fine', async () => {
    const { engine, store } = setup({ sessionDataMaxBytes: 64 });
    const { session } = await engine.signIn(signInInput());
    // {"k":"…"} is 8 bytes plus the value: 56 characters fill 64 bytes exactly.
    const full = await write(engine, session.id, { k: 'x'.repeat(56) });
    expect(full.version).toBe(1);
    const before = await store.get(session.id);
    const over = await engine.updateSessionData(session.id, { version: 1, set: { more: 1 } });
    expect(over).toMatchObject({ ok: false, code: 'quota_exceeded', limit: 64 });
    expect((over as { size: number }).size).toBeGreaterThan(64);
    expect(await store.get(session.id)).toEqual(before);
    // Multi-byte characters count in UTF-8 bytes.
    const multi = await engine.updateSessionData(session.id, {
      version: 1,
      set: { k: 'é'.repeat(29) },
    });
    expect(multi).toMatchObject({ code: 'quota_exceeded', size: 66 });
  });

  it('a malformed patch throws invalid_request and changes nothing', async () => {
    const { engine, store } = setup();
    const { session } = await engine.signIn(signInInput());
    await write(engine, session.id, { a: 1 });
    const before = await store.get(session.id);
    const bad: unknown[] = [
      { version: -1, set: {} },
      { version: 1.5, set: {} },
      { version: 1, set: [] },
      { version: 1, set: null },
      { version: 1, set: { '': 1 } },
      { version: 1, set: { ['k'.repeat(257)]: 1 } },
      { version: 1, set: { a: undefined } },
      { version: 1, set: { a: Number.NaN } },
      { version: 1, set: { a: new Date(0) } },
      { version: 1, set: { a: 10n } },
    ];
    for (const patch of bad) {
      const error = await engine
        .updateSessionData(session.id, patch as never)
        .catch((e: unknown) => e);
      expect(
        error,
        JSON.stringify(patch, (_k, v) => (typeof v === 'bigint' ? 'n' : v)),
      ).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).code).toBe('invalid_request');
    }
    expect(await store.get(session.id)).toEqual(before);
  });

  it('revoked and expired sessions are refused like other operations, nothing written', async () => {
    const { engine, store, clock } = setup();
    const revoked = (await engine.signIn(signInInput())).session;
    await engine.revokeSession(revoked.id, 'revoked_by_user');
    const refusal = { ok: false, code: 'session_revoked', reason: 'revoked_by_user' };
    expect(await engine.readSessionData(revoked.id)).toMatchObject(refusal);
    expect(await engine.updateSessionData(revoked.id, { version: 0, set: { a: 1 } })).toMatchObject(
      refusal,
    );
    const idle = (await engine.signIn(signInInput())).session;
    clock.advance(16 * MINUTE);
    expect(await engine.updateSessionData(idle.id, { version: 0, set: { a: 1 } })).toMatchObject({
      ok: false,
      code: 'session_idle_timeout',
    });
    expect(await engine.readSessionData(idle.id)).toMatchObject({ code: 'session_idle_timeout' });
    expect((await store.get(idle.id))?.dataVersion).toBe(0);
    expect(await engine.readSessionData('no-such-session')).toEqual({
      ok: false,
      code: 'invalid_token',
    });
  });

  it('sessionDataMaxBytes: default 16 KiB, validated and named', () => {
    const store = createMemoryStore();
    expect(resolveOptions({ store, keyStore: store }).sessionDataMaxBytes).toBe(16 * 1024);
    for (const bad of [0, -1, 1.5, 2 ** 21, '16k']) {
      const error = (() => {
        try {
          resolveOptions({ store, keyStore: store, sessionDataMaxBytes: bad as number });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option).toBe('sessionDataMaxBytes');
    }
  });
});
