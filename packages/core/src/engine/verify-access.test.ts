import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, makeEngine, signInInput } from '../../test/helpers.ts';
import { encodeBase64url } from '../internal/base64url.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

async function setup(options: Parameters<typeof makeEngine>[0] = {}) {
  const h = makeEngine(options);
  cleanups.push(h.close);
  const tokens = await h.engine.signIn(signInInput());
  const header = decodeProtectedHeader(tokens.accessToken);
  const claims = decodeJwt(tokens.accessToken);
  return { ...h, tokens, header, claims };
}

const text = new TextEncoder();
function b64json(value: unknown): string {
  return encodeBase64url(text.encode(JSON.stringify(value)));
}

/** Signs arbitrary claims/header with a key of the test's choosing (an attacker's). */
async function forge(
  claims: Record<string, unknown>,
  header: Record<string, unknown>,
  key: CryptoKey | Uint8Array,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

describe('verifyAccessToken: accepts', () => {
  it('a fresh token with all claims', async () => {
    const { engine, tokens, clock } = await setup();
    const result = await engine.verifyAccessToken(tokens.accessToken);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claims).toMatchObject({
      iss: 'tessera',
      aud: 'tessera',
      sub: 'user-1',
      sid: tokens.session.id,
      roles: ['user'],
      aal: 1,
      auth_time: Math.floor(clock.t / 1000),
    });
    expect(result.expiresAt).toBe(tokens.accessTokenExpiresAt);
    expect(decodeProtectedHeader(tokens.accessToken)).toMatchObject({
      alg: 'EdDSA',
      typ: 'at+jwt',
    });
  });

  it.each(['ES256', 'HS256'] as const)('%s rings sign and verify', async (algorithm) => {
    const { engine, tokens, header } = await setup({ algorithm });
    expect(header.alg).toBe(algorithm);
    expect((await engine.verifyAccessToken(tokens.accessToken)).ok).toBe(true);
    const jwks = await engine.jwks();
    if (algorithm === 'HS256') expect(jwks.keys).toEqual([]);
    else
      expect(jwks.keys[0]).toMatchObject({ kid: header.kid, alg: 'ES256', use: 'sig', kty: 'EC' });
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('a token within the 5 s leeway after exp, but not beyond', async () => {
    const { engine, tokens, clock } = await setup();
    clock.t = tokens.accessTokenExpiresAt + 4_000;
    expect((await engine.verifyAccessToken(tokens.accessToken)).ok).toBe(true);
    clock.t = tokens.accessTokenExpiresAt + 5_000;
    expect(await engine.verifyAccessToken(tokens.accessToken)).toEqual({
      ok: false,
      code: 'token_expired',
    });
  });
});

describe('verifyAccessToken: refuses (RFC 8725)', () => {
  it('alg none', async () => {
    const { engine, header, claims } = await setup();
    const token = `${b64json({ ...header, alg: 'none' })}.${b64json(claims)}.`;
    expect(await engine.verifyAccessToken(token)).toEqual({ ok: false, code: 'invalid_token' });
  });

  it('a tampered payload', async () => {
    const { engine, tokens, claims } = await setup();
    const [h, , s] = tokens.accessToken.split('.');
    const token = `${h}.${b64json({ ...claims, roles: ['admin'] })}.${s}`;
    expect(await engine.verifyAccessToken(token)).toEqual({ ok: false, code: 'invalid_token' });
  });

  it('a tampered signature', async () => {
    const { engine, tokens } = await setup();
    const [h, p, s = ''] = tokens.accessToken.split('.');
    const flipped = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expect(await engine.verifyAccessToken(`${h}.${p}.${flipped}`)).toEqual({
      ok: false,
      code: 'invalid_token',
    });
  });

  it('a key that is not in the ring, even with a known kid', async () => {
    const { engine, header, claims } = await setup();
    const { privateKey } = await generateKeyPair('EdDSA');
    const token = await forge(claims, header, privateKey);
    expect(await engine.verifyAccessToken(token)).toEqual({ ok: false, code: 'invalid_token' });
  });

  it('an unknown kid and a missing kid', async () => {
    const { engine, header, claims, clock } = await setup();
    const { privateKey } = await generateKeyPair('EdDSA');
    clock.advance(2_000); // allow the unknown-kid reload path to run
    const unknown = await forge(claims, { ...header, kid: 'not-a-kid' }, privateKey);
    expect(await engine.verifyAccessToken(unknown)).toEqual({ ok: false, code: 'invalid_token' });
    const { kid: _kid, ...noKid } = header;
    const missing = await forge(claims, noKid, privateKey);
    expect(await engine.verifyAccessToken(missing)).toEqual({ ok: false, code: 'invalid_token' });
  });

  it.each(['jwk', 'jku', 'x5u', 'x5c'])('a %s header, even when the kid is known', async (name) => {
    const { engine, header, claims } = await setup();
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const values: Record<string, unknown> = {
      jwk: await exportJWK(publicKey),
      jku: 'https://attacker.example/jwks.json',
      x5u: 'https://attacker.example/cert.pem',
      x5c: ['MIIB'],
    };
    const token = await forge(claims, { ...header, [name]: values[name] }, privateKey);
    expect(await engine.verifyAccessToken(token)).toEqual({ ok: false, code: 'invalid_token' });
  });

  it('a token from another deployment (other ring, other issuer)', async () => {
    const { engine, tokens } = await setup();
    const other = makeEngine({ issuer: 'evil', clock: undefined }, undefined);
    cleanups.push(other.close);
    expect(tokens.accessToken).toBeTruthy();
    const foreign = await other.engine.signIn(signInInput());
    expect(await engine.verifyAccessToken(foreign.accessToken)).toEqual({
      ok: false,
      code: 'invalid_token',
    });
  });

  it('HS256 signed with the public key bytes (alg confusion)', async () => {
    const { engine, header, claims } = await setup();
    const [jwk] = (await engine.jwks()).keys;
    const secret = text.encode(JSON.stringify(jwk));
    const token = await forge(claims, { ...header, alg: 'HS256' }, secret);
    expect(await engine.verifyAccessToken(token)).toEqual({ ok: false, code: 'invalid_token' });
    const raw = await forge(claims, { ...header, alg: 'HS256' }, text.encode(String(jwk?.x)));
    expect(await engine.verifyAccessToken(raw)).toEqual({ ok: false, code: 'invalid_token' });
  });

  it('garbage input', async () => {
    const { engine } = await setup();
    for (const token of ['', 'abc', 'a.b.c', 'x'.repeat(10_000), '...']) {
      expect(await engine.verifyAccessToken(token)).toEqual({ ok: false, code: 'invalid_token' });
    }
  });
});

describe('verifyAccessToken: claims checks with the ring key', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['wrong iss', { iss: 'evil' }, {}],
    ['wrong aud', { aud: 'other-api' }, {}],
    ['wrong typ', {}, { typ: 'JWT' }],
    ['no typ', {}, { typ: undefined }],
    ['missing sid', { sid: undefined }, {}],
    ['bad aal', { aal: 3 }, {}],
    ['roles not strings', { roles: [1] }, {}],
  ])('%s', async (_name, claimChanges, headerChanges) => {
    const store = (await import('../store/memory-store.ts')).createMemoryStore();
    const { engine, clock } = makeEngine({ algorithm: 'HS256' }, store);
    cleanups.push(() => engine.close());
    const issued = await engine.signIn(signInInput());
    // HS256: the test can read the secret from the store and sign what it likes with it.
    const [record] = await store.listKeys();
    const secret = (await import('jose')).base64url.decode(
      JSON.parse(record?.privateJwk ?? '{}').k,
    );
    const claims = { ...decodeJwt(issued.accessToken), ...claimChanges };
    const header = { ...decodeProtectedHeader(issued.accessToken), ...headerChanges };
    const token = await forge(claims, header, secret);
    expect(clock.t).toBeGreaterThan(0);
    expect(await engine.verifyAccessToken(token)).toEqual({ ok: false, code: 'invalid_token' });
    // Sanity: the same forging path with no changes is accepted, so the refusal above is the change.
    const same = await forge(
      decodeJwt(issued.accessToken),
      decodeProtectedHeader(issued.accessToken),
      secret,
    );
    expect((await engine.verifyAccessToken(same)).ok).toBe(true);
  });
});

describe('access token exp never passes a session deadline', () => {
  it('idle deadline', async () => {
    const { tokens } = await setup({ accessTtl: '1h', idleTimeout: '10m' });
    expect(tokens.accessTokenExpiresAt).toBeLessThanOrEqual(tokens.session.idleExpiresAt);
    expect(tokens.accessTokenExpiresAt).toBe(
      Math.floor(tokens.session.idleExpiresAt / 1000) * 1000,
    );
  });

  it('absolute deadline', async () => {
    const { engine, tokens, clock } = await setup({
      accessTtl: '1h',
      idleTimeout: '2h',
      shortAbsoluteTimeout: '3h',
    });
    clock.advance(HOUR + 50 * MINUTE);
    const first = await engine.refresh(tokens.refreshToken);
    if (!first.ok) throw new Error(first.code);
    clock.advance(50 * MINUTE);
    const refreshed = await engine.refresh(first.refreshToken);
    expect(refreshed.ok).toBe(true);
    if (!refreshed.ok) return;
    expect(refreshed.accessTokenExpiresAt).toBeLessThanOrEqual(refreshed.session.absoluteExpiresAt);
    expect(refreshed.accessTokenExpiresAt).toBe(tokens.session.absoluteExpiresAt);
  });
});

describe('verification cache', () => {
  it('still refuses a cached token after exp', async () => {
    const { engine, tokens, clock } = await setup();
    expect((await engine.verifyAccessToken(tokens.accessToken)).ok).toBe(true);
    expect((await engine.verifyAccessToken(tokens.accessToken)).ok).toBe(true);
    clock.t = tokens.accessTokenExpiresAt + 5_000;
    expect(await engine.verifyAccessToken(tokens.accessToken)).toEqual({
      ok: false,
      code: 'token_expired',
    });
  });

  it('still refuses a cached token after revocation', async () => {
    const { engine, tokens } = await setup();
    expect((await engine.verifyAccessToken(tokens.accessToken)).ok).toBe(true);
    await engine.revokeSession(tokens.session.id, 'logout');
    expect(await engine.verifyAccessToken(tokens.accessToken)).toEqual({
      ok: false,
      code: 'session_revoked',
      reason: 'logout',
      sessionId: tokens.session.id,
    });
  });

  it('is bounded by verifyCacheSize', async () => {
    const { LruCache } = await import('../internal/lru-cache.ts');
    const cache = new LruCache<string, number>(3);
    for (let i = 0; i < 10; i++) {
      cache.set(`k${i}`, i);
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect(cache.get('k9')).toBe(9);
    expect(cache.get('k0')).toBeUndefined();
    cache.get('k7');
    cache.set('k10', 10);
    expect(cache.get('k7')).toBe(7); // recently used survives
    expect(cache.get('k8')).toBeUndefined();
    expect(new LruCache<string, number>(0).size).toBe(0);
  });

  it('an engine with a tiny cache still verifies many tokens correctly', async () => {
    const { engine } = await setup({ verifyCacheSize: 2 });
    const issued = [];
    for (let i = 0; i < 5; i++) issued.push(await engine.signIn(signInInput()));
    for (let round = 0; round < 2; round++) {
      for (const t of issued) expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
    }
  });
});
