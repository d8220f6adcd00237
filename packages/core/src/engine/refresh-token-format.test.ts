import { afterEach, describe, expect, it } from 'vitest';
import { makeEngine, signInInput } from '../../test/helpers.ts';
import { MAX_REFRESH_TOKEN_LENGTH, refreshTokenSessionId } from './refresh-token-format.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

const SECRET = 'A'.repeat(43);

describe('refresh token format', () => {
  it('names its session and carries 256 random bits', async () => {
    const h = makeEngine();
    cleanups.push(h.close);
    const a = await h.engine.signIn(signInInput());
    const b = await h.engine.signIn(signInInput());
    for (const issued of [a, b]) {
      const [sid, secret] = issued.refreshToken.split('.');
      expect(sid).toBe(issued.session.id);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(a.refreshToken.split('.')[1]).not.toBe(b.refreshToken.split('.')[1]);
  });

  it.each([
    ['no separator', SECRET],
    ['empty session id', `.${SECRET}`],
    ['a short secret', `sess_1.${'A'.repeat(42)}`],
    ['characters outside base64url', `sess/1.${SECRET}`],
    ['a second separator', `sess_1.${SECRET}.x`],
    ['too long', `sess_1.${'A'.repeat(MAX_REFRESH_TOKEN_LENGTH)}`],
    ['not a string', 42],
  ])('rejects a token with %s', (_, token) => {
    expect(refreshTokenSessionId(token)).toBeNull();
  });

  it('reads the session id of a well-formed token', () => {
    expect(refreshTokenSessionId(`sess_1.${SECRET}`)).toBe('sess_1');
  });

  it('a forged token naming a real session is invalid, never reuse: the session lives on', async () => {
    const h = makeEngine();
    cleanups.push(h.close);
    const victim = await h.engine.signIn(signInInput());
    const forged = `${victim.session.id}.${'B'.repeat(43)}`;
    expect(await h.engine.refresh(forged)).toEqual({ ok: false, code: 'invalid_token' });
    expect(await h.engine.revokeByRefreshToken(forged, 'logout')).toBe(false);
    expect(await h.store.get(victim.session.id)).toMatchObject({ revokedAt: null });
    expect((await h.engine.refresh(victim.refreshToken)).ok).toBe(true);
  });

  it("another session's token under a different session id is invalid and revokes neither", async () => {
    const h = makeEngine();
    cleanups.push(h.close);
    const a = await h.engine.signIn(signInInput());
    const b = await h.engine.signIn(signInInput());
    const secretOfA = a.refreshToken.split('.')[1];
    expect(await h.engine.refresh(`${b.session.id}.${secretOfA}`)).toEqual({
      ok: false,
      code: 'invalid_token',
    });
    expect((await h.engine.refresh(a.refreshToken)).ok).toBe(true);
    expect((await h.engine.refresh(b.refreshToken)).ok).toBe(true);
  });
});
