import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, makeEngine, signInInput } from '../../test/helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

async function setup() {
  const h = makeEngine();
  cleanups.push(h.close);
  const tokens = await h.engine.signIn(signInInput());
  return { ...h, tokens };
}

describe('revokeByRefreshToken (logout with only the refresh cookie)', () => {
  it('ends the session with the given reason without rotating the token', async () => {
    const { engine, store, tokens } = await setup();
    const before = await store.get(tokens.session.id);
    expect(await engine.revokeByRefreshToken(tokens.refreshToken, 'logout')).toBe(true);
    const after = await store.get(tokens.session.id);
    expect(after).toMatchObject({
      revokedReason: 'logout',
      refreshGeneration: before?.refreshGeneration,
    });
    expect(after?.refreshTokenHash).toBe(before?.refreshTokenHash);
    expect(await engine.verifyAccessToken(tokens.accessToken)).toMatchObject({
      ok: false,
      code: 'session_revoked',
      reason: 'logout',
    });
  });

  it('treats a token older than the grace window as reuse', async () => {
    const { engine, store, clock, tokens } = await setup();
    const next = await engine.refresh(tokens.refreshToken);
    expect(next.ok).toBe(true);
    clock.advance(MINUTE);
    expect(await engine.revokeByRefreshToken(tokens.refreshToken, 'logout')).toBe(false);
    expect(await store.get(tokens.session.id)).toMatchObject({
      revokedReason: 'refresh_token_reused',
    });
  });

  it('answers false for an unknown, malformed or already ended token', async () => {
    const { engine, tokens } = await setup();
    expect(await engine.revokeByRefreshToken('not-a-token', 'logout')).toBe(false);
    expect(await engine.revokeByRefreshToken('', 'logout')).toBe(false);
    expect(await engine.revokeByRefreshToken(tokens.refreshToken, 'logout')).toBe(true);
    expect(await engine.revokeByRefreshToken(tokens.refreshToken, 'logout')).toBe(false);
  });
});
