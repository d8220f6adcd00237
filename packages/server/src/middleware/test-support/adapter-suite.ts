import type { Problem } from '@tessera/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TesseraSession } from '../internal/verify-request.ts';
import { algNone, createFixture, type FakeClock, type Fixture } from './fixture.ts';

/**
 * Routes every adapter test app serves:
 *   GET /me        tesseraAuth → 200 { session }
 *   GET /optional  tesseraAuth({ optional: true }) → 200 { session | null }
 *   GET /admin     tesseraAuth + requireRole('admin') → 200
 *   GET /fresh     tesseraAuth + requireFreshAuth(180, { clock }) → 200
 *   GET /guests    tesseraAuth({ allowGuests: true }) → 200 { session }
 */
export interface AdapterApp {
  send(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export type AdapterFactory = (fixture: Fixture, clock: FakeClock) => Promise<AdapterApp>;

const MINUTE = 60_000;

/** One behaviour suite for the Hono, Express and Fastify adapters (same wire answers). */
export function describeAdapter(name: string, build: AdapterFactory): void {
  describe(`${name} middleware`, () => {
    let fx: Fixture;
    let app: AdapterApp;
    beforeEach(async () => {
      fx = createFixture();
      app = await build(fx, fx.clock);
    });
    afterEach(async () => {
      await app.close();
      await fx.engine.close();
    });

    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as Problem;
      expect(body.code).toBe(code);
      expect(body.status).toBe(status);
      return body;
    }

    it('passes a valid token and exposes the typed session', async () => {
      const { token, sessionId, userId } = await fx.signIn(['user', 'editor']);
      const res = await app.send('/me', bearer(token));
      expect(res.status).toBe(200);
      const { session } = (await res.json()) as { session: TesseraSession };
      expect(session).toMatchObject({
        userId,
        sessionId,
        roles: ['user', 'editor'],
        aal: 1,
        guest: false,
      });
      expect(session.authTime).toBe(fx.clock.now() - (fx.clock.now() % 1000));
      expect(session.expiresAt).toBe(session.authTime + 5 * MINUTE);
    });

    it('refuses a request without credentials with a bare Bearer challenge', async () => {
      const res = await app.send('/me');
      await expectProblem(res, 401, 'invalid_token');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="tessera"');
    });

    it('refuses malformed and non-Bearer credentials', async () => {
      const bad = await app.send('/me', { authorization: 'Bearer not a token' });
      await expectProblem(bad, 401, 'invalid_token');
      expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const garbage = await app.send('/me', bearer('abc.def.ghi'));
      await expectProblem(garbage, 401, 'invalid_token');
      await expectProblem(
        await app.send('/me', { authorization: 'Basic dXNlcjpwdw==' }),
        401,
        'invalid_token',
      );
    });

    it('refuses an alg:none token', async () => {
      const { token } = await fx.signIn();
      await expectProblem(await app.send('/me', bearer(algNone(token))), 401, 'invalid_token');
    });

    it('refuses an expired token with token_expired', async () => {
      const { token } = await fx.signIn();
      fx.clock.advance(6 * MINUTE);
      const res = await app.send('/me', bearer(token));
      await expectProblem(res, 401, 'token_expired');
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('refuses a revoked session with its reason', async () => {
      const { token, sessionId } = await fx.signIn();
      await fx.engine.revokeSession(sessionId, 'admin');
      const body = await expectProblem(
        await app.send('/me', bearer(token)),
        401,
        'session_revoked',
      );
      expect(body.reason).toBe('admin');
    });

    it('ignores a token in the query string or a cookie', async () => {
      const { token } = await fx.signIn();
      await expectProblem(await app.send(`/me?access_token=${token}`), 401, 'invalid_token');
      await expectProblem(
        await app.send('/me', { cookie: `access_token=${token}` }),
        401,
        'invalid_token',
      );
    });

    it('lets optional routes through without credentials but not with bad ones', async () => {
      const res = await app.send('/optional');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ session: null });
      await expectProblem(await app.send('/optional', bearer('abc.def.ghi')), 401, 'invalid_token');
      const { token, sessionId } = await fx.signIn();
      const ok = (await (await app.send('/optional', bearer(token))).json()) as {
        session: TesseraSession;
      };
      expect(ok.session.sessionId).toBe(sessionId);
    });

    it('refuses a guest session with 403 forbidden unless the route allows guests', async () => {
      const guest = await fx.startGuest();
      const refused = await expectProblem(
        await app.send('/me', bearer(guest.token)),
        403,
        'forbidden',
      );
      expect(refused.detail).toMatch(/guest/);
      await expectProblem(await app.send('/optional', bearer(guest.token)), 403, 'forbidden');
      const res = await app.send('/guests', bearer(guest.token));
      expect(res.status).toBe(200);
      const { session } = (await res.json()) as { session: TesseraSession };
      expect(session).toMatchObject({ sessionId: guest.sessionId, guest: true, roles: [] });
      // The refusal leaves the guest session live.
      expect((await fx.engine.checkSession(guest.sessionId)).ok).toBe(true);
      const user = await fx.signIn();
      const allowed = await app.send('/guests', bearer(user.token));
      expect(((await allowed.json()) as { session: TesseraSession }).session.guest).toBe(false);
    });

    it('requireRole answers 403 forbidden without the role', async () => {
      const user = await fx.signIn(['user']);
      await expectProblem(await app.send('/admin', bearer(user.token)), 403, 'forbidden');
      const admin = await fx.signIn(['admin']);
      expect((await app.send('/admin', bearer(admin.token))).status).toBe(200);
      await expectProblem(await app.send('/admin'), 401, 'invalid_token');
    });

    it('requireFreshAuth answers 403 step_up_required once auth_time is too old', async () => {
      const { token } = await fx.signIn();
      expect((await app.send('/fresh', bearer(token))).status).toBe(200);
      fx.clock.advance(4 * MINUTE);
      await expectProblem(await app.send('/fresh', bearer(token)), 403, 'step_up_required');
    });

    it('passive requests do not slide the idle deadline; active ones do', async () => {
      const { token, sessionId } = await fx.signIn();
      const before = (await fx.store.get(sessionId))!;
      fx.clock.advance(2 * MINUTE);
      const passive = await app.send('/me', { ...bearer(token), 'session-activity': 'passive' });
      expect(passive.status).toBe(200);
      await fx.engine.flushActivity();
      const afterPassive = (await fx.store.get(sessionId))!;
      expect(afterPassive.lastActiveAt).toBe(before.lastActiveAt);
      expect(afterPassive.idleExpiresAt).toBe(before.idleExpiresAt);

      fx.clock.advance(MINUTE);
      expect((await app.send('/me', bearer(token))).status).toBe(200);
      await fx.engine.flushActivity();
      expect((await fx.store.get(sessionId))!.lastActiveAt).toBe(fx.clock.now());
    });

    it('fails closed with 503 unavailable and Retry-After when revocation state is unknown', async () => {
      const { token } = await fx.signIn();
      fx.feed.healthy = false;
      const res = await app.send('/me', bearer(token));
      const body = await expectProblem(res, 503, 'unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body.retryAfter).toBe(Number(res.headers.get('retry-after')));
    });
  });
}
