import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, makeEngine, signInInput } from '../../test/helpers.ts';
import { createMemoryStore } from '../store/memory-store.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

function setup(options: Parameters<typeof makeEngine>[0] = {}, store = createMemoryStore()) {
  const h = makeEngine(options, store);
  cleanups.push(h.close);
  return h;
}

describe('key ring', () => {
  it('creates one key at first start and reuses it afterwards', async () => {
    const store = createMemoryStore();
    const a = setup({}, store);
    await a.engine.jwks();
    const b = setup({ clock: a.clock }, store);
    await b.engine.jwks();
    expect(await store.listKeys()).toHaveLength(1);
    const t = await a.engine.signIn(signInInput());
    expect((await b.engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
  });

  it('rotation: new tokens use the new key, old tokens verify until accessTtl + 5 s', async () => {
    const { engine, clock, store } = setup({ accessTtl: '15m', idleTimeout: '1h' });
    const before = await engine.signIn(signInInput());
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const { kid } = await engine.rotateSigningKey();
    expect(kid).not.toBe(oldKid);
    const after = await engine.signIn(signInInput());
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(kid);
    expect((await engine.verifyAccessToken(before.accessToken)).ok).toBe(true);
    expect((await engine.jwks()).keys.map((k) => k.kid).sort()).toEqual([kid, oldKid].sort());
    expect((await store.listKeys()).find((k) => k.kid === oldKid)?.retiredAt).toBe(clock.t);
    clock.advance(15 * MINUTE + 5_001);
    expect((await engine.jwks()).keys.map((k) => k.kid)).toEqual([kid]);
  });

  it('another instance sees a rotation (unknown kid triggers a reload)', async () => {
    const store = createMemoryStore();
    const a = setup({}, store);
    const b = setup({ clock: a.clock }, store);
    await b.engine.jwks();
    await a.engine.rotateSigningKey();
    const t = await a.engine.signIn(signInInput());
    a.clock.advance(2_000);
    expect((await b.engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
  });

  it('seals private keys with the data key', async () => {
    const store = createMemoryStore();
    const dataKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const a = setup({ dataKey }, store);
    const t = await a.engine.signIn(signInInput());
    const [record] = await store.listKeys();
    expect(record?.privateJwk).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(record?.privateJwk).not.toContain('"d"');
    const b = setup({ dataKey, clock: a.clock }, store);
    expect((await b.engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
    const again = await b.engine.signIn(signInInput());
    expect((await a.engine.verifyAccessToken(again.accessToken)).ok).toBe(true);
    // Without the data key (or with another) the sealed keys cannot be used.
    const noKey = setup({ clock: a.clock }, store);
    await expect(noKey.engine.jwks()).rejects.toMatchObject({
      code: 'invalid_config',
      option: 'dataKey',
    });
    const wrong = setup({ clock: a.clock, dataKey: new Uint8Array(32) }, store);
    await expect(wrong.engine.jwks()).rejects.toMatchObject({
      code: 'invalid_config',
      option: 'dataKey',
    });
  });

  it('start() loads the keys up front: a wrong or missing data key is a ConfigError naming dataKey', async () => {
    const store = createMemoryStore();
    const dataKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const a = setup({ dataKey }, store);
    expect(a.engine.started).toBe(false);
    await a.engine.start();
    expect(a.engine.started).toBe(true);
    const wrong = setup({ clock: a.clock, dataKey: new Uint8Array(32) }, store);
    await expect(wrong.engine.start()).rejects.toMatchObject({
      code: 'invalid_config',
      option: 'dataKey',
    });
    expect(wrong.engine.started).toBe(false);
    // The request path sees the same error, not "store unavailable".
    await expect(wrong.engine.signIn(signInInput())).rejects.toMatchObject({ option: 'dataKey' });
    const none = setup({ clock: a.clock }, store);
    await expect(none.engine.start()).rejects.toMatchObject({ option: 'dataKey' });
  });

  it('jwks publishes public keys only', async () => {
    const { engine } = setup();
    const { keys } = await engine.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
  });
});
