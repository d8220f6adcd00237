import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, makeEngine, mustRefresh, signInInput } from '../../test/helpers.ts';
import type { ReauthenticateInput, SessionEvent } from './types.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

async function setup(options: Parameters<typeof makeEngine>[0] = {}) {
  const h = makeEngine(options);
  cleanups.push(h.close);
  const events: SessionEvent[] = [];
  for (const type of ['refreshed', 'reauthenticated', 'rotated', 'revoked'] as const) {
    h.engine.on(type, (event) => events.push(event));
  }
  const tokens = await h.engine.signIn(signInInput());
  const stepUp = (refreshToken: string, extra: Partial<ReauthenticateInput> = {}) =>
    h.engine.reauthenticate({ sessionId: tokens.session.id, refreshToken, aal: 1, ...extra });
  return { ...h, tokens, events, stepUp };
}

describe('reauthenticate (step-up)', () => {
  it('sets authTime = now, rotates to the next generation, the access token says so', async () => {
    const { engine, store, clock, tokens, events, stepUp } = await setup();
    clock.advance(10 * MINUTE);
    const r = await mustRefresh(engine, tokens.refreshToken);
    clock.advance(MINUTE);
    const result = await stepUp(r.refreshToken);
    if (!result.ok) throw new Error(result.code);
    expect(result.session.authTime).toBe(clock.t);
    expect(result.session.refreshGeneration).toBe(3);
    expect(result.refreshToken).not.toBe(r.refreshToken);
    expect(decodeJwt(result.accessToken).auth_time).toBe(Math.floor(clock.t / 1000));
    expect((await store.get(tokens.session.id))?.authTime).toBe(clock.t);
    expect((await engine.verifyAccessToken(result.accessToken)).ok).toBe(true);
    expect(events.map((e) => e.type)).toEqual([
      'refreshed',
      'rotated',
      'reauthenticated',
      'rotated',
    ]);
    expect(events[2]).toMatchObject({ previousAal: 1, grace: false });
  });

  it('raises aal to the requested level and never lowers it', async () => {
    const { tokens, stepUp } = await setup();
    const up = await stepUp(tokens.refreshToken, { aal: 2 });
    if (!up.ok) throw new Error(up.code);
    expect(up.session.aal).toBe(2);
    expect(decodeJwt(up.accessToken).aal).toBe(2);
    const again = await stepUp(up.refreshToken, { aal: 1 });
    if (!again.ok) throw new Error(again.code);
    expect(again.session.aal).toBe(2);
  });

  it('a refresh token of another session is invalid_token and changes nothing', async () => {
    const { engine, store, tokens, stepUp } = await setup();
    const other = await engine.signIn(signInInput());
    expect(await stepUp(other.refreshToken)).toEqual({ ok: false, code: 'invalid_token' });
    expect(await store.get(tokens.session.id)).toMatchObject({ version: 1 });
    expect(await store.get(other.session.id)).toMatchObject({ version: 1 });
  });

  it('the token from before the step-up behaves as the previous generation', async () => {
    const { engine, clock, tokens, stepUp } = await setup({ refreshGrace: '30s' });
    const up = await stepUp(tokens.refreshToken);
    if (!up.ok) throw new Error(up.code);
    // Within the grace window (two tabs, a lost response): a sibling at the new generation.
    clock.advance(10_000);
    const sibling = await mustRefresh(engine, tokens.refreshToken);
    expect(sibling.session.refreshGeneration).toBe(up.session.refreshGeneration);
    expect(sibling.session.authTime).toBe(up.session.authTime);
    // After it: reuse, the whole session ends.
    clock.advance(30_000);
    expect(await engine.refresh(tokens.refreshToken)).toMatchObject({
      ok: false,
      code: 'refresh_token_reused',
    });
  });

  it('an ended session is refused with its code (revoked, idle timeout)', async () => {
    const { engine, clock, tokens, stepUp } = await setup();
    const other = await engine.signIn(signInInput());
    await engine.revokeSession(tokens.session.id, 'revoked_by_user');
    expect(await stepUp(tokens.refreshToken)).toMatchObject({
      ok: false,
      code: 'session_revoked',
      reason: 'revoked_by_user',
    });
    clock.advance(HOUR);
    const idle = await engine.reauthenticate({
      sessionId: other.session.id,
      refreshToken: other.refreshToken,
      aal: 1,
    });
    expect(idle).toMatchObject({ ok: false, code: 'session_idle_timeout' });
  });

  it('a concurrent refresh that wins the race is retried on, not lost', async () => {
    const { engine, tokens, stepUp } = await setup();
    const [refreshed, up] = await Promise.all([
      engine.refresh(tokens.refreshToken),
      stepUp(tokens.refreshToken),
    ]);
    expect(refreshed.ok && up.ok).toBe(true);
    if (!up.ok) return;
    // Both used the same token: one rotated, the other got a grace sibling; authTime landed.
    const stored = await engine.checkSession(tokens.session.id);
    expect(stored.ok && stored.session.authTime).toBe(up.session.authTime);
  });
});
