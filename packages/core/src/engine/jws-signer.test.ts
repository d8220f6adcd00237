import { createLocalJWKSet, decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { makeEngine, signInInput } from '../../test/helpers.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { JwsSigner } from './jws-signer.ts';
import { KeyRing } from './key-ring.ts';
import type { SigningAlgorithm } from './options.ts';
import { resolveOptions } from './resolve-options.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

/** A signer that records what it is given and signs with Web Crypto, like a worker would. */
function recordingSigner() {
  const keys: { alg: SigningAlgorithm; jwk: Readonly<Record<string, unknown>> }[] = [];
  const imported: CryptoKey[] = [];
  const signed: { key: number; input: string }[] = [];
  const removed: number[] = [];
  const signer: JwsSigner = {
    async addKey(alg, jwk) {
      keys.push({ alg, jwk });
      imported.push((await importJWK(jwk as JWK, alg)) as CryptoKey);
      return imported.length - 1;
    },
    async sign(key, input) {
      signed.push({ key, input });
      if (removed.includes(key)) throw new Error(`key ${key} was removed`);
      const k = imported[key]!;
      const params =
        k.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : k.algorithm.name;
      const signature = await crypto.subtle.sign(params, k, new TextEncoder().encode(input));
      return Buffer.from(signature).toString('base64url');
    },
    removeKey(key) {
      removed.push(key);
    },
  };
  return { signer, keys, signed, removed };
}

describe('injected JWS signer', () => {
  for (const algorithm of ['EdDSA', 'ES256'] as const) {
    it(`${algorithm}: signs every access token, gets each key once, and the tokens verify`, async () => {
      const { signer, keys, signed } = recordingSigner();
      const h = makeEngine({ algorithm, signer, issuer: 'iss-x', audience: 'aud-y' });
      cleanups.push(h.close);
      const first = await h.engine.signIn(signInInput());
      const next = await h.engine.refresh(first.refreshToken);
      if (!next.ok) throw new Error(next.code);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ alg: algorithm, jwk: { d: expect.any(String) } });
      expect(signed.map((s) => s.key)).toEqual([0, 0]);
      expect(signed[1]!.input).toBe(next.accessToken.split('.').slice(0, 2).join('.'));

      const header = decodeProtectedHeader(next.accessToken);
      expect(header).toEqual({ alg: algorithm, kid: expect.any(String), typ: 'at+jwt' });
      const { payload } = await jwtVerify(
        next.accessToken,
        createLocalJWKSet(await h.engine.jwks()),
        {
          issuer: 'iss-x',
          audience: 'aud-y',
          typ: 'at+jwt',
        },
      );
      expect(Object.keys(payload).sort()).toEqual(
        ['aal', 'aud', 'auth_time', 'exp', 'iat', 'iss', 'jti', 'roles', 'sid', 'sub'].sort(),
      );
      expect(payload).toMatchObject({ sid: first.session.id, sub: first.session.userId });
      expect(await h.engine.verifyAccessToken(next.accessToken)).toMatchObject({ ok: true });

      // A new key goes to the signer before it signs with it.
      const { kid } = await h.engine.rotateSigningKey();
      const after = await h.engine.refresh(next.refreshToken);
      if (!after.ok) throw new Error(after.code);
      expect(keys).toHaveLength(2);
      expect(signed.at(-1)!.key).toBe(1);
      expect(decodeProtectedHeader(after.accessToken).kid).toBe(kid);
    });
  }

  describe('retired keys leave the signer', () => {
    it('at rotation the old key is removed; its tokens still verify, new ones use the new key', async () => {
      const { signer, removed, signed } = recordingSigner();
      const h = makeEngine({ signer });
      cleanups.push(h.close);
      const before = await h.engine.signIn(signInInput());
      expect(removed).toEqual([]);
      await h.engine.rotateSigningKey();
      expect(removed).toEqual([0]);
      expect(await h.engine.verifyAccessToken(before.accessToken)).toMatchObject({ ok: true });
      await h.engine.signIn(signInInput());
      expect(signed.map((s) => s.key)).toEqual([0, 1]);
    });

    it('a rotation by another instance: the reload that learns of it removes the key there too', async () => {
      const a = makeEngine({});
      cleanups.push(a.close);
      const { signer, removed } = recordingSigner();
      const b = makeEngine({ signer, clock: a.clock }, a.store);
      cleanups.push(b.close);
      await b.engine.signIn(signInInput()); // b loads the first key and signs with it
      await a.engine.rotateSigningKey();
      const t = await a.engine.signIn(signInInput());
      a.clock.advance(2_000); // past the reload rate limit: an unknown kid makes b reload
      expect(await b.engine.verifyAccessToken(t.accessToken)).toMatchObject({ ok: true });
      expect(removed).toEqual([0]);
    });

    it('while the successor of a key retired elsewhere is being imported, the old key still signs', async () => {
      const a = makeEngine({});
      cleanups.push(a.close);
      const { signer, removed } = recordingSigner();
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let reached: () => void = () => {};
      const atGate = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const gated: JwsSigner = {
        ...signer,
        addKey: async (alg, jwk) => {
          if ((await a.store.listKeys()).length > 1) {
            reached(); // the successor's import: held until released
            await gate;
          }
          return signer.addKey(alg, jwk);
        },
      };
      const b = makeEngine({ signer: gated, clock: a.clock }, a.store);
      cleanups.push(b.close);
      await b.engine.signIn(signInInput());
      await a.engine.rotateSigningKey();
      const t = await a.engine.signIn(signInInput());
      a.clock.advance(2_000);
      const verifying = b.engine.verifyAccessToken(t.accessToken); // reloads b's ring
      await atGate; // b is now importing the new key
      const meanwhile = await b.engine.signIn(signInInput());
      expect(decodeProtectedHeader(meanwhile.accessToken).kid).not.toBe(
        decodeProtectedHeader(t.accessToken).kid,
      );
      release();
      expect(await verifying).toMatchObject({ ok: true });
      expect(removed).toEqual([0]);
      const after = await b.engine.signIn(signInInput());
      expect(decodeProtectedHeader(after.accessToken).kid).toBe(
        decodeProtectedHeader(t.accessToken).kid,
      );
    });

    it('two reloads that import the same new key keep one copy and hand the other back', async () => {
      const store = createMemoryStore();
      const first = new KeyRing(resolveOptions({ store, keyStore: store }));
      await first.load();
      const { signer, keys, removed } = recordingSigner();
      const ring = new KeyRing(resolveOptions({ store, keyStore: store, signer }));
      await Promise.all([ring.reload(), ring.reload()]);
      expect(keys).toHaveLength(2);
      expect(removed).toHaveLength(1);
      expect([0, 1]).toContain(removed[0]);
      expect(ring.signingKey().signerKey).toBe(1 - removed[0]!);
    });

    it('a key that is already retired when loaded never reaches the signer', async () => {
      const a = makeEngine({});
      cleanups.push(a.close);
      await a.engine.jwks();
      await a.engine.rotateSigningKey(); // first key retired, second current
      const { signer, keys, removed } = recordingSigner();
      const b = makeEngine({ signer, clock: a.clock }, a.store);
      cleanups.push(b.close);
      const t = await b.engine.signIn(signInInput());
      expect(keys).toHaveLength(1);
      expect(removed).toEqual([]);
      const current = (await a.store.listKeys()).find((k) => k.retiredAt === null)!;
      expect(decodeProtectedHeader(t.accessToken).kid).toBe(current.kid);
    });
  });

  it('a failing signer fails the sign-in (no token is made without it)', async () => {
    const { signer } = recordingSigner();
    const failing: JwsSigner = { ...signer, sign: () => Promise.reject(new Error('thread gone')) };
    const h = makeEngine({ signer: failing });
    cleanups.push(h.close);
    await expect(h.engine.signIn(signInInput())).rejects.toThrow('thread gone');
  });

  it('a signer without addKey and sign is a ConfigError', () => {
    expect(() => makeEngine({ signer: { sign: async () => '' } as unknown as JwsSigner })).toThrow(
      expect.objectContaining({ code: 'invalid_config', option: 'signer' }),
    );
  });
});
