import { createSessionEngine, type EngineOptions, type SessionEngine } from '@tessera/core';
import { expect } from 'vitest';
import type { Check, Current, SessionAndKeyStore } from './types.ts';

const GRACE_MS = 30_000;

const device = { type: 'desktop', name: 'Test', browser: null, os: null, userAgent: null } as const;

/** SHA-256 (base64url) as the engine stores refresh tokens, via Web Crypto. */
async function hashOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Buffer.from(digest).toString('base64url');
}

/** The real engine over the store under test, with a clock the test moves. */
async function withEngine(
  store: SessionAndKeyStore,
  run: (engine: SessionEngine, clock: { advance(ms: number): void }) => Promise<void>,
  options: Partial<EngineOptions> = {},
): Promise<void> {
  let now = Date.now();
  const engine = createSessionEngine({
    store,
    keyStore: store,
    refreshGrace: GRACE_MS,
    clock: { now: () => now },
    ...options,
  });
  try {
    await run(engine, { advance: (ms) => (now += ms) });
  } finally {
    await engine.close();
  }
}

const signIn = (engine: SessionEngine, userId = 'user_1') =>
  engine.signIn({
    user: { id: userId, roles: ['member'] },
    rememberMe: false,
    device,
    ip: null,
    location: null,
  });

export function engineCases(store: Current<SessionAndKeyStore>, check: Check): void {
  for (const policy of ['reject', 'evict_oldest'] as const) {
    check(
      `engine: 8 parallel sign-ins with limit 2 (${policy}) leave at most 2 live sessions`,
      () =>
        withEngine(
          store(),
          async (engine) => {
            const user = `limit_${policy}`;
            const results = await Promise.allSettled(
              Array.from({ length: 8 }, () => signIn(engine, user)),
            );
            const live = await engine.listSessions(user);
            expect(live.length).toBeLessThanOrEqual(2);
            expect(live.length).toBeGreaterThan(0);
            const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
            for (const r of results) {
              if (r.status === 'rejected')
                expect(r.reason).toMatchObject({ code: 'session_limit_reached' });
            }
            if (policy === 'reject') {
              expect(won.map((t) => t.session.id).sort()).toEqual(live.map((s) => s.id).sort());
            } else {
              expect(won).toHaveLength(8);
            }
          },
          { maxSessionsPerUser: 2, sessionLimitPolicy: policy },
        ),
    );
  }
  check('engine: a superseded refresh token after the grace window revokes the session', () =>
    withEngine(store(), async (engine, clock) => {
      const first = await signIn(engine);
      const second = await engine.refresh(first.refreshToken);
      expect(second.ok).toBe(true);
      clock.advance(GRACE_MS + 1000);
      const reused = await engine.refresh(first.refreshToken);
      expect(reused).toMatchObject({ ok: false, code: 'refresh_token_reused' });
      expect(await store().get(first.session.id)).toMatchObject({
        revokedReason: 'refresh_token_reused',
      });
      if (!second.ok) return;
      expect(await engine.refresh(second.refreshToken)).toMatchObject({
        ok: false,
        code: 'session_revoked',
        reason: 'refresh_token_reused',
      });
    }),
  );

  check('engine: ten parallel refreshes of one token all succeed, one token is current', () =>
    withEngine(store(), async (engine) => {
      const first = await signIn(engine);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => engine.refresh(first.refreshToken)),
      );
      expect(results.map((r) => r.ok)).toEqual(Array(10).fill(true));
      const session = await store().get(first.session.id);
      expect(session).toMatchObject({ revokedAt: null, refreshGeneration: 2 });
      const hashes = await Promise.all(
        results.map((r) => (r.ok ? hashOf(r.refreshToken) : Promise.resolve(''))),
      );
      expect(hashes.filter((h) => h === session?.refreshTokenHash)).toHaveLength(1);
      expect(new Set(hashes).size).toBe(10);
    }),
  );

  check('engine: revoke-all ends every other session of the user at once', () =>
    withEngine(store(), async (engine) => {
      const keep = await signIn(engine);
      const a = await signIn(engine);
      const b = await signIn(engine);
      const stranger = await signIn(engine, 'user_2');
      const ended = await engine.revokeUserSessions('user_1', 'revoked_by_user', {
        exceptSessionId: keep.session.id,
      });
      expect(ended).toBe(2);
      expect((await engine.listSessions('user_1')).map((s) => s.id)).toEqual([keep.session.id]);
      for (const gone of [a, b]) {
        expect(await engine.refresh(gone.refreshToken)).toMatchObject({
          ok: false,
          code: 'session_revoked',
          reason: 'revoked_by_user',
        });
        expect(await engine.verifyAccessToken(gone.accessToken)).toMatchObject({
          ok: false,
          code: 'session_revoked',
        });
      }
      expect((await engine.verifyAccessToken(keep.accessToken)).ok).toBe(true);
      expect((await engine.refresh(stranger.refreshToken)).ok).toBe(true);
    }),
  );

  check('engine: a step-up persists authTime/aal; the old token is the previous generation', () =>
    withEngine(store(), async (engine, clock) => {
      const first = await signIn(engine);
      clock.advance(60_000);
      const up = await engine.reauthenticate({
        sessionId: first.session.id,
        refreshToken: first.refreshToken,
        aal: 2,
      });
      if (!up.ok) throw new Error(up.code);
      const stored = await store().get(first.session.id);
      expect(stored).toMatchObject({ authTime: up.session.authTime, aal: 2 });
      expect(stored?.authTime).toBeGreaterThan(first.session.authTime);
      expect(stored?.refreshTokenHash).toBe(await hashOf(up.refreshToken));
      // Within the grace window the pre-step-up token yields a sibling that keeps the step-up.
      const sibling = await engine.refresh(first.refreshToken);
      expect(sibling).toMatchObject({ ok: true, session: { aal: 2, refreshGeneration: 2 } });
      clock.advance(GRACE_MS + 1);
      expect(await engine.refresh(first.refreshToken)).toMatchObject({
        ok: false,
        code: 'refresh_token_reused',
      });
    }),
  );
}
