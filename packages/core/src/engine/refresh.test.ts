import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, makeEngine, mustRefresh, signInInput } from '../../test/helpers.ts';
import { sha256Base64url } from '../internal/sha256.ts';
import { createMemoryStore, type MemoryStore } from '../store/memory-store.ts';
import type { SessionEvent } from './types.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

async function setup(options: Parameters<typeof makeEngine>[0] = {}) {
  const h = makeEngine(options);
  cleanups.push(h.close);
  const events: SessionEvent[] = [];
  for (const type of ['refreshed', 'rotated', 'reuse_detected', 'revoked', 'expired'] as const) {
    h.engine.on(type, (event) => events.push(event));
  }
  const tokens = await h.engine.signIn(signInInput());
  return { ...h, tokens, events };
}

describe('refresh rotation', () => {
  it('rotates: new token, next generation, only the hash stored', async () => {
    const { engine, store, tokens, events } = await setup();
    const next = await mustRefresh(engine, tokens.refreshToken);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.session.refreshGeneration).toBe(2);
    expect(next.session.refreshTokenHash).toBe(await sha256Base64url(next.refreshToken));
    expect(JSON.stringify(await store.get(tokens.session.id))).not.toContain(next.refreshToken);
    expect((await engine.verifyAccessToken(next.accessToken)).ok).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['refreshed', 'rotated']);
    expect(events[0]).toMatchObject({ grace: false });
  });

  it('an unknown token is invalid_token', async () => {
    const { engine } = await setup();
    expect(await engine.refresh('not-a-token')).toEqual({ ok: false, code: 'invalid_token' });
    expect(await engine.refresh('')).toEqual({ ok: false, code: 'invalid_token' });
  });

  it('the previous token within the grace window yields a sibling successor', async () => {
    const { engine, clock, tokens, events } = await setup();
    const second = await mustRefresh(engine, tokens.refreshToken);
    clock.advance(10_000);
    const sibling = await mustRefresh(engine, tokens.refreshToken);
    expect(sibling.session.refreshGeneration).toBe(2);
    expect(sibling.session.refreshGraceUntil).toBe(second.session.refreshGraceUntil);
    expect(
      events.filter((e) => e.type === 'refreshed').map((e) => (e as { grace: boolean }).grace),
    ).toEqual([false, true]);
    // The sibling is now the one current token: it rotates normally.
    clock.advance(60_000);
    const third = await mustRefresh(engine, sibling.refreshToken);
    expect(third.session.refreshGeneration).toBe(3);
  });

  it('replay after the grace window revokes the session and every newer token', async () => {
    const { engine, clock, tokens, events } = await setup();
    const second = await mustRefresh(engine, tokens.refreshToken);
    clock.advance(31_000);
    const sid = tokens.session.id;
    expect(await engine.refresh(tokens.refreshToken)).toEqual({
      ok: false,
      code: 'refresh_token_reused',
      sessionId: sid,
    });
    expect(events.map((e) => e.type)).toContain('reuse_detected');
    expect(events.find((e) => e.type === 'revoked')).toMatchObject({
      reason: 'refresh_token_reused',
    });
    expect(await engine.refresh(second.refreshToken)).toEqual({
      ok: false,
      code: 'session_revoked',
      reason: 'refresh_token_reused',
      sessionId: sid,
    });
    expect(await engine.verifyAccessToken(second.accessToken)).toEqual({
      ok: false,
      code: 'session_revoked',
      reason: 'refresh_token_reused',
      sessionId: sid,
    });
  });

  it('a token two generations old is reuse even inside the grace window', async () => {
    const { engine, clock, tokens } = await setup();
    const second = await mustRefresh(engine, tokens.refreshToken);
    clock.advance(1_000);
    await mustRefresh(engine, second.refreshToken);
    clock.advance(1_000);
    expect(await engine.refresh(tokens.refreshToken)).toMatchObject({
      ok: false,
      code: 'refresh_token_reused',
    });
  });

  it('ten parallel refreshes all succeed and leave exactly one current token', async () => {
    const { engine, clock, store, tokens } = await setup();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => engine.refresh(tokens.refreshToken)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const issued = results.flatMap((r) => (r.ok ? [r.refreshToken] : []));
    expect(new Set(issued).size).toBe(10);
    const session = await store.get(tokens.session.id);
    expect(session?.revokedAt).toBeNull();
    const hashes = await Promise.all(issued.map((t) => sha256Base64url(t)));
    const current = hashes.filter((h) => h === session?.refreshTokenHash);
    expect(current).toHaveLength(1);
    // After the grace window only the current one works; any other revokes the session.
    clock.advance(31_000);
    const currentToken = issued[hashes.indexOf(session?.refreshTokenHash ?? '')] ?? '';
    const others = issued.filter((t) => t !== currentToken);
    const good = await mustRefresh(engine, currentToken);
    expect(good.session.refreshGeneration).toBe(3);
    clock.advance(31_000);
    expect(await engine.refresh(others[0] ?? '')).toMatchObject({
      ok: false,
      code: 'refresh_token_reused',
    });
    expect(await engine.refresh(good.refreshToken)).toMatchObject({ code: 'session_revoked' });
  });

  it('after the grace window a superseded sibling is reuse', async () => {
    const { engine, clock, tokens } = await setup();
    const [a, b] = await Promise.all([
      engine.refresh(tokens.refreshToken),
      engine.refresh(tokens.refreshToken),
    ]);
    if (!a?.ok || !b?.ok) throw new Error('expected both to succeed');
    clock.advance(31_000);
    const store = (await engine.checkSession(tokens.session.id)) as {
      ok: true;
      session: { refreshTokenHash: string };
    };
    const stale =
      store.session.refreshTokenHash === (await sha256Base64url(a.refreshToken)) ? b : a;
    expect(await engine.refresh(stale.refreshToken)).toMatchObject({
      ok: false,
      code: 'refresh_token_reused',
    });
  });
});

describe('refresh outcomes for ended sessions', () => {
  it('revoked', async () => {
    const { engine, tokens } = await setup();
    await engine.revokeSession(tokens.session.id, 'revoked_by_user');
    expect(await engine.refresh(tokens.refreshToken)).toEqual({
      ok: false,
      code: 'session_revoked',
      reason: 'revoked_by_user',
      sessionId: tokens.session.id,
    });
  });

  it('idle timeout, with one expired event', async () => {
    const { engine, clock, tokens, events } = await setup({ idleTimeout: '10m' });
    clock.advance(10 * MINUTE);
    const refusal = { ok: false, code: 'session_idle_timeout', sessionId: tokens.session.id };
    expect(await engine.refresh(tokens.refreshToken)).toEqual(refusal);
    expect(await engine.refresh(tokens.refreshToken)).toEqual(refusal);
    expect(events.filter((e) => e.type === 'expired')).toEqual([
      expect.objectContaining({ kind: 'idle', sessionId: tokens.session.id, userId: 'user-1' }),
    ]);
  });

  it('absolute timeout', async () => {
    const { engine, clock, tokens } = await setup({
      idleTimeout: '12h',
      shortAbsoluteTimeout: '2h',
    });
    clock.advance(2 * HOUR);
    expect(await engine.refresh(tokens.refreshToken)).toMatchObject({ code: 'session_expired' });
  });

  it('refresh token expiry', async () => {
    const { engine, clock, tokens } = await setup({ refreshTtl: '1h', idleTimeout: '5h' });
    clock.advance(HOUR);
    expect(await engine.refresh(tokens.refreshToken)).toMatchObject({ code: 'session_expired' });
  });

  it('refreshExpiresAt never passes the absolute deadline', async () => {
    const { tokens } = await setup({ refreshTtl: '30d' });
    expect(tokens.session.refreshExpiresAt).toBe(tokens.session.absoluteExpiresAt);
    expect(tokens.session.absoluteExpiresAt - tokens.session.createdAt).toBeLessThan(DAY);
  });

  it('a refresh slides the idle deadline; a passive one does not', async () => {
    const { engine, clock, tokens } = await setup({ idleTimeout: '10m' });
    clock.advance(8 * MINUTE);
    const active = await mustRefresh(engine, tokens.refreshToken);
    expect(active.session.idleExpiresAt).toBe(clock.t + 10 * MINUTE);
    expect(active.session.lastActiveAt).toBe(clock.t);
    clock.advance(8 * MINUTE);
    const passive = await engine.refresh(active.refreshToken, { passive: true });
    if (!passive.ok) throw new Error(passive.code);
    expect(passive.session.idleExpiresAt).toBe(active.session.idleExpiresAt);
    expect(passive.accessTokenExpiresAt).toBeLessThanOrEqual(active.session.idleExpiresAt);
    clock.advance(2 * MINUTE);
    expect(await engine.refresh(passive.refreshToken)).toMatchObject({
      code: 'session_idle_timeout',
    });
  });
});

describe('injected sha256', () => {
  it('is used for every refresh-token hash; a non-function is a ConfigError', async () => {
    const seen: string[] = [];
    // A stand-in synchronous hasher that delegates to nothing async: it records its inputs.
    const { engine, store, tokens } = await setup({
      sha256: (input) => {
        seen.push(input);
        return `h-${input}`;
      },
    });
    expect(seen).toEqual([tokens.refreshToken]);
    const next = await mustRefresh(engine, tokens.refreshToken);
    expect(next.session.refreshTokenHash).toBe(`h-${next.refreshToken}`);
    expect(await store.findRefreshToken(next.session.id, `h-${next.refreshToken}`)).not.toBeNull();
    expect(() => makeEngine({ sha256: 'sha256' as never })).toThrow(
      expect.objectContaining({ code: 'invalid_config', option: 'sha256' }),
    );
  });
});

describe('refresh: access token signed while the rotation commits', () => {
  it('is handed out only with a rotation that succeeded, and never outlives the stored idle deadline', async () => {
    const store = createMemoryStore();
    let rotations = 0;
    // A store whose first rotation loses its compare-and-set and whose second comes back with
    // an idle deadline earlier than the engine expected (as a store may decide).
    const cutIdle = { at: 0 };
    const racing: MemoryStore = Object.assign(Object.create(store) as MemoryStore, {
      async rotate(input: Parameters<MemoryStore['rotate']>[0]) {
        rotations += 1;
        if (rotations === 1) return null;
        const updated = await store.rotate(input);
        return updated && { ...updated, idleExpiresAt: cutIdle.at };
      },
    });
    const h = makeEngine({ accessTtl: '15m' }, racing);
    cleanups.push(h.close);
    const tokens = await h.engine.signIn(signInInput());
    cutIdle.at = h.clock.now() + MINUTE;
    const next = await mustRefresh(h.engine, tokens.refreshToken);
    expect(rotations).toBe(2);
    expect(next.accessTokenExpiresAt).toBeLessThanOrEqual(cutIdle.at);
    expect(decodeJwt(next.accessToken).exp! * 1000).toBeLessThanOrEqual(cutIdle.at);
    expect((await h.engine.verifyAccessToken(next.accessToken)).ok).toBe(true);
  });
});

describe('refresh: the record a rotation is computed from', () => {
  it('is handed to the store as the basis, at the expected version', async () => {
    const store = createMemoryStore();
    const inputs: Parameters<MemoryStore['rotate']>[0][] = [];
    const recording: MemoryStore = Object.assign(Object.create(store) as MemoryStore, {
      rotate(input: Parameters<MemoryStore['rotate']>[0]) {
        inputs.push(input);
        return store.rotate(input);
      },
    });
    const h = makeEngine({}, recording);
    cleanups.push(h.close);
    const tokens = await h.engine.signIn(signInInput());
    const second = await mustRefresh(h.engine, tokens.refreshToken);
    await mustRefresh(h.engine, second.refreshToken);
    expect(inputs.map((i) => [i.expectedVersion, i.basis?.version, i.basis?.id])).toEqual([
      [1, 1, tokens.session.id],
      [2, 2, tokens.session.id],
    ]);
    expect(inputs[1]!.basis).toEqual(second.session);
  });
});

describe('refresh: onSessionLoaded', () => {
  it('hands the caller the session once, before the rotation is written', async () => {
    const { engine, store, tokens } = await setup();
    const seen: { id: string; generation: number; storedGeneration: number | undefined }[] = [];
    const next = await mustRefresh(engine, tokens.refreshToken);
    await engine.refresh(next.refreshToken, {
      onSessionLoaded: (session) => {
        void store.get(session.id).then((stored) => {
          seen.push({
            id: session.id,
            generation: session.refreshGeneration,
            storedGeneration: stored?.refreshGeneration,
          });
        });
      },
    });
    expect(seen).toEqual([{ id: tokens.session.id, generation: 2, storedGeneration: 2 }]);
  });

  it('is not called for a malformed token or an unknown session', async () => {
    const { engine } = await setup();
    let calls = 0;
    const onSessionLoaded = () => {
      calls += 1;
    };
    await engine.refresh('not-a-token', { onSessionLoaded });
    await engine.refresh(`sess_unknown.${'A'.repeat(43)}`, { onSessionLoaded });
    expect(calls).toBe(0);
  });
});
