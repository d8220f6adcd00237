import { Hono } from 'hono';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireFreshAuth, tesseraAuth } from '../src/middleware/hono.ts';
import {
  auth,
  bearer,
  cookieHeaders,
  createHarness,
  type Harness,
  json,
  type LoginResult,
  login,
  PASSWORD,
  refreshCookieOf,
} from './support/harness.ts';

const MINUTE = 60_000;
const GRACE_MS = 30_000; // TESSERA_REFRESH_GRACE default

let h: Harness;
let aliceId: string;
beforeEach(async () => {
  h = await createHarness();
  aliceId = await h.addUser('alice@example.com');
});
afterEach(async () => h.close());

interface TokenBody {
  accessToken: string;
  refreshToken?: string;
  session: { id: string; authTime: string; aal: number };
}
interface Problem {
  code: string;
  reason?: string;
  issues?: { path: string }[];
}

/** POST /reauth as the SDK sends it: the access token, the refresh token (body or cookie). */
function reauth(
  s: LoginResult,
  body: Record<string, unknown>,
  options: { cookie?: boolean; headers?: Record<string, string>; ip?: string } = {},
) {
  const base = options.cookie ? cookieHeaders(s.refreshToken) : {};
  const payload = options.cookie ? body : { refreshToken: s.refreshToken, ...body };
  const headers = { ...base, ...bearer(s.accessToken), ...options.headers };
  return h.request(auth('/reauth'), {
    ...json(payload, headers),
    ...(options.ip ? { ip: options.ip } : {}),
  });
}

/** An app route that needs an authentication at most 5 minutes old. */
function protectedApp() {
  const app = new Hono();
  app.use('*', tesseraAuth({ engine: h.engine }));
  app.get('/transfer', requireFreshAuth(300, { clock: h.clock }), (c) => c.json({ ok: true }));
  return (accessToken: string) => app.request('/transfer', { headers: bearer(accessToken) });
}

const refreshWith = (token: string) => h.request(auth('/refresh'), json({ refreshToken: token }));
const sessionInfo = (accessToken: string) =>
  h.request(auth('/session-info'), { headers: bearer(accessToken) });

describe('POST /reauth', () => {
  it('step_up_required before, passes after with the new token (bearer transport)', async () => {
    const transfer = protectedApp();
    const s = await login(h, 'alice@example.com');
    h.clock.advance(10 * MINUTE);
    const before = await transfer(s.accessToken);
    expect(before.status).toBe(403);
    expect(((await before.json()) as Problem).code).toBe('step_up_required');

    const res = await reauth(s, { password: PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    expect(body.session).toMatchObject({ id: s.sessionId, aal: 1 });
    expect(Date.parse(body.session.authTime)).toBe(h.clock.now());
    expect(decodeJwt(body.accessToken)).toMatchObject({
      sid: s.sessionId,
      aal: 1,
      auth_time: Math.floor(h.clock.now() / 1000),
    });
    expect(body.refreshToken).toBeTruthy();
    expect(body.refreshToken).not.toBe(s.refreshToken);
    expect(res.headers.get('set-cookie')).toBeNull();

    expect((await transfer(body.accessToken)).status).toBe(200);
    expect((await transfer(s.accessToken)).status).toBe(403); // the old token keeps its auth_time
    const info = (await (await sessionInfo(body.accessToken)).json()) as { authTime: string };
    expect(Date.parse(info.authTime)).toBe(h.clock.now());
    // The rotated token is the session's current one.
    expect((await refreshWith(body.refreshToken as string)).status).toBe(200);
  });

  it('cookie transport: the new refresh token only in the cookie, and it refreshes', async () => {
    const s = await login(h, 'alice@example.com', { transport: 'cookie' });
    const res = await reauth(s, { password: PASSWORD }, { cookie: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    expect(body.refreshToken).toBeUndefined();
    const next = refreshCookieOf(res);
    expect(next).toBeTruthy();
    expect(next).not.toBe(s.refreshToken);
    expect(res.headers.get('set-cookie')).toContain('HttpOnly');
    const refreshed = await h.request(auth('/refresh'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cookieHeaders(next as string) },
      body: '{}',
    });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as TokenBody).session.authTime).toBe(body.session.authTime);
  });

  it('the pre-step-up refresh token: a sibling within the grace window, reuse after it', async () => {
    const s = await login(h, 'alice@example.com');
    h.clock.advance(MINUTE);
    const up = (await (await reauth(s, { password: PASSWORD })).json()) as TokenBody;
    h.clock.advance(GRACE_MS - 1_000);
    const sibling = await refreshWith(s.refreshToken);
    expect(sibling.status).toBe(200);
    // The sibling is a token of the session as it now is: stepped up.
    expect(((await sibling.json()) as TokenBody).session.authTime).toBe(up.session.authTime);

    h.clock.advance(2_000);
    const replay = await refreshWith(s.refreshToken);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as Problem).code).toBe('refresh_token_reused');
    const after = await sessionInfo(up.accessToken);
    expect(after.status).toBe(401);
    expect((await after.json()) as Problem).toMatchObject({
      code: 'session_revoked',
      reason: 'refresh_token_reused',
    });
  });

  it('a wrong password is 401 invalid_credentials and the session lives on', async () => {
    const s = await login(h, 'alice@example.com');
    const res = await reauth(s, { password: 'not the password' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Problem).code).toBe('invalid_credentials');
    expect((await sessionInfo(s.accessToken)).status).toBe(200);
    expect((await refreshWith(s.refreshToken)).status).toBe(200); // nothing was rotated
    expect(h.logs.some((l) => l.includes('"event":"reauth_failed"'))).toBe(true);
  });

  it('failures are counted per account (shared with /password): the 11th attempt is 429', async () => {
    const s = await login(h, 'alice@example.com');
    for (let i = 0; i < 9; i++) {
      const res = await reauth(s, { password: 'wrong' }, { ip: `198.51.100.${i}` });
      expect(res.status).toBe(401);
    }
    const viaPassword = await h.request(auth('/password'), {
      ...json({ currentPassword: 'wrong', newPassword: 'another long one' }, bearer(s.accessToken)),
      ip: '198.51.100.99',
    });
    expect(viaPassword.status).toBe(401);
    const blocked = await reauth(s, { password: PASSWORD }, { ip: '192.0.2.1' });
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as Problem).code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(15 * MINUTE + 1);
    const s2 = await login(h, 'alice@example.com');
    expect((await reauth(s2, { password: PASSWORD }, { ip: '192.0.2.1' })).status).toBe(200);
  });

  it('failures are counted per client address, with the failed logins from it', async () => {
    const s = await login(h, 'alice@example.com', { ip: '203.0.113.50' });
    for (let i = 0; i < 50; i++) {
      await h.request(auth('/login'), {
        ...json({ email: `user${i}@example.com`, password: 'wrong' }),
        ip: '203.0.113.50',
      });
    }
    const blocked = await reauth(s, { password: PASSWORD }, { ip: '203.0.113.50' });
    expect(blocked.status).toBe(429);
    expect((await reauth(s, { password: PASSWORD }, { ip: '203.0.113.51' })).status).toBe(200);
  });

  it('a revoked session is 401 session_revoked with its reason', async () => {
    const s = await login(h, 'alice@example.com');
    await h.engine.revokeSession(s.sessionId, 'revoked_by_user');
    const res = await reauth(s, { password: PASSWORD });
    expect(res.status).toBe(401);
    expect((await res.json()) as Problem).toMatchObject({
      code: 'session_revoked',
      reason: 'revoked_by_user',
    });
  });

  it('a disabled user: the session ends (session_revoked, admin), the password is not checked', async () => {
    const s = await login(h, 'alice@example.com');
    await h.store.setDisabled(aliceId, true);
    const res = await reauth(s, { password: PASSWORD });
    expect((await res.json()) as Problem).toMatchObject({
      code: 'session_revoked',
      reason: 'admin',
    });
    expect((await sessionInfo(s.accessToken)).status).toBe(401);
  });

  it('totp is refused with 400 invalid_request (not supported yet), never ignored', async () => {
    const s = await login(h, 'alice@example.com');
    for (const body of [{ totp: '123456' }, { password: PASSWORD, totp: '123456' }]) {
      const res = await reauth(s, body);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as Problem;
      expect(problem.code).toBe('invalid_request');
      expect(problem.issues?.map((i) => i.path)).toEqual(['totp']);
    }
    expect((await refreshWith(s.refreshToken)).status).toBe(200); // nothing was rotated
  });

  it('a missing password or an unknown field is 400 invalid_request', async () => {
    const s = await login(h, 'alice@example.com');
    const missing = await reauth(s, {});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Problem).issues?.map((i) => i.path)).toEqual(['password']);
    const unknown = await reauth(s, { password: PASSWORD, aal: 2 });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Problem).code).toBe('invalid_request');
  });

  it('a body that is not JSON is 415', async () => {
    const s = await login(h, 'alice@example.com');
    const res = await h.request(auth('/reauth'), {
      method: 'POST',
      headers: { ...bearer(s.accessToken), 'content-type': 'text/plain' },
      body: `password=${PASSWORD}`,
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as Problem).code).toBe('unsupported_media_type');
  });

  it('without an access token: 401 invalid_token, the password is not tried', async () => {
    const s = await login(h, 'alice@example.com');
    const res = await h.request(
      auth('/reauth'),
      json({ password: PASSWORD, refreshToken: s.refreshToken }),
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as Problem).code).toBe('invalid_token');
  });

  for (const [name, extra] of [
    ['no CSRF header', { 'x-tessera-csrf': '' }],
    ['a cross-site request', { 'sec-fetch-site': 'cross-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
  ] as const) {
    it(`cookie transport with ${name} ⇒ 403 csrf_failed, nothing rotated`, async () => {
      const s = await login(h, 'alice@example.com', { transport: 'cookie' });
      const res = await reauth(s, { password: PASSWORD }, { cookie: true, headers: extra });
      expect(res.status).toBe(403);
      expect(((await res.json()) as Problem).code).toBe('csrf_failed');
      expect((await reauth(s, { password: PASSWORD }, { cookie: true })).status).toBe(200);
    });
  }

  it('no refresh token at all (neither cookie nor body) is 400 invalid_request', async () => {
    const s = await login(h, 'alice@example.com');
    const res = await h.request(
      auth('/reauth'),
      json({ password: PASSWORD }, bearer(s.accessToken)),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).code).toBe('invalid_request');
  });

  it("another session's refresh token is 401 invalid_token; neither session changes", async () => {
    const s = await login(h, 'alice@example.com');
    const other = await login(h, 'alice@example.com');
    const res = await reauth({ ...s, refreshToken: other.refreshToken }, { password: PASSWORD });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Problem).code).toBe('invalid_token');
    expect((await refreshWith(s.refreshToken)).status).toBe(200);
    expect((await refreshWith(other.refreshToken)).status).toBe(200);
  });

  it('writes a reauthenticated audit line (ids only, no token)', async () => {
    const s = await login(h, 'alice@example.com');
    const body = (await (await reauth(s, { password: PASSWORD })).json()) as TokenBody;
    const line = h.logs.find((l) => l.includes('"event":"reauthenticated"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line as string)).toMatchObject({
      sessionId: s.sessionId,
      userId: aliceId,
      aal: 1,
      previousAal: 1,
    });
    expect(line).not.toContain(body.refreshToken as string);
    expect(line).not.toContain(s.refreshToken);
  });
});
