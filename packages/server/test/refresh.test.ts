import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  bearer,
  cookieHeaders,
  createHarness,
  type Harness,
  json,
  login,
  refreshCookieOf,
} from './support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.addUser('alice@example.com');
});
afterEach(async () => h.close());

const refreshWithCookie = (token: string, extra: Record<string, string> = {}) =>
  h.request(auth('/refresh'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...cookieHeaders(token, extra) },
    body: '{}',
  });
const refreshWithBody = (token: string) =>
  h.request(auth('/refresh'), json({ refreshToken: token }));
const sha = (token: string) => createHash('sha256').update(token).digest('base64url');

describe('POST /refresh', () => {
  it('rotates the cookie token and issues a working access token', async () => {
    const first = await login(h, 'alice@example.com', { transport: 'cookie' });
    const res = await refreshWithCookie(first.refreshToken);
    expect(res.status).toBe(200);
    const next = refreshCookieOf(res);
    expect(next).toBeTruthy();
    expect(next).not.toBe(first.refreshToken);
    const body = (await res.json()) as {
      accessToken: string;
      refreshToken?: string;
      session: { id: string };
    };
    expect(body.refreshToken).toBeUndefined();
    expect(body.session.id).toBe(first.sessionId);
    expect((await h.request(auth('/me'), { headers: bearer(body.accessToken) })).status).toBe(200);
  });

  it('answers with the current user record, and ends the session of a disabled user', async () => {
    const first = await login(h, 'alice@example.com');
    const user = await h.store.findByEmail('alice@example.com');
    await h.store.setRoles(user!.id, ['user', 'editor']);
    const res = await refreshWithBody(first.refreshToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      user: { email: string; roles: string[] };
      refreshToken: string;
    };
    expect(body.user).toMatchObject({ email: 'alice@example.com', roles: ['user', 'editor'] });

    await h.store.setDisabled(user!.id, true);
    const refused = await refreshWithBody(body.refreshToken);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'session_revoked', reason: 'admin' });
    expect(await h.store.get(first.sessionId)).toMatchObject({ revokedReason: 'admin' });
  });

  it('rotates a bearer token from the body', async () => {
    const first = await login(h, 'alice@example.com');
    const res = await refreshWithBody(first.refreshToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { refreshToken: string };
    expect(body.refreshToken).not.toBe(first.refreshToken);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('replay after the grace window: refresh_token_reused, then session_revoked with that reason', async () => {
    const first = await login(h, 'alice@example.com');
    const rotated = (await (await refreshWithBody(first.refreshToken)).json()) as {
      refreshToken: string;
      accessToken: string;
    };
    h.clock.advance(31_000);
    const replay = await refreshWithBody(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { code: string }).code).toBe('refresh_token_reused');
    expect(replay.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const later = await refreshWithBody(rotated.refreshToken);
    expect(await later.json()).toMatchObject({
      code: 'session_revoked',
      reason: 'refresh_token_reused',
    });
    const me = await h.request(auth('/me'), { headers: bearer(rotated.accessToken) });
    expect(await me.json()).toMatchObject({
      code: 'session_revoked',
      reason: 'refresh_token_reused',
    });
  });

  it('replay within the grace window yields a successor (two tabs, lost response)', async () => {
    const first = await login(h, 'alice@example.com');
    expect((await refreshWithBody(first.refreshToken)).status).toBe(200);
    h.clock.advance(5_000);
    expect((await refreshWithBody(first.refreshToken)).status).toBe(200);
  });

  it('ten parallel refreshes keep the user signed in with exactly one current token', async () => {
    const first = await login(h, 'alice@example.com', { transport: 'cookie' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refreshWithCookie(first.refreshToken)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    const tokens = answers.map((r) => refreshCookieOf(r) as string);
    const session = await h.store.get(first.sessionId);
    const current = tokens.filter((t) => sha(t) === session?.refreshTokenHash);
    expect(current).toHaveLength(1);
    h.clock.advance(60_000);
    expect((await refreshWithCookie(current[0] as string)).status).toBe(200);
  });

  it('without any token: 401 invalid_token', async () => {
    const res = await h.request(auth('/refresh'), json({}));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'invalid_token' });
  });

  it('a malformed or forged token: 401 problem+json invalid_token, and the session is untouched', async () => {
    const first = await login(h, 'alice@example.com');
    const before = await h.store.get(first.sessionId);
    for (const token of [
      'not-a-token',
      `${first.sessionId}.short`,
      `${first.sessionId}.${'B'.repeat(43)}`, // names the session, secret never issued
      `${first.sessionId}.${'B'.repeat(300)}`,
    ]) {
      const res = await refreshWithBody(token);
      expect(res.status, token).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'invalid_token' });
    }
    expect(await h.store.get(first.sessionId)).toEqual(before);
    expect((await refreshWithBody(first.refreshToken)).status).toBe(200);
  });

  it('passive refresh does not slide the idle deadline', async () => {
    const first = await login(h, 'alice@example.com');
    const before = (await h.store.get(first.sessionId))?.idleExpiresAt;
    h.clock.advance(60_000);
    const res = await h.request(
      auth('/refresh'),
      json({ refreshToken: first.refreshToken }, { 'session-activity': 'passive' }),
    );
    expect(res.status).toBe(200);
    expect((await h.store.get(first.sessionId))?.idleExpiresAt).toBe(before);
  });
});

describe('CSRF on cookie-authenticated requests', () => {
  const cases: [string, Record<string, string>][] = [
    ['missing custom header', { 'x-tessera-csrf': '' }],
    ['foreign Origin', { origin: 'https://evil.example' }],
    ['cross-site Sec-Fetch-Site', { 'sec-fetch-site': 'cross-site' }],
    ['opaque Origin', { origin: 'null' }],
  ];
  for (const [name, extra] of cases) {
    it(`refresh: ${name} ⇒ 403 csrf_failed, the token still works afterwards`, async () => {
      const first = await login(h, 'alice@example.com', { transport: 'cookie' });
      const res = await refreshWithCookie(first.refreshToken, extra);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'csrf_failed' });
      expect(res.headers.get('set-cookie')).toBeNull();
      h.clock.advance(60_000); // past any grace: a rotation would now make the token a replay
      expect((await refreshWithCookie(first.refreshToken)).status).toBe(200);
    });
  }

  it('logout with a cookie but no CSRF header ⇒ 403 and the session survives', async () => {
    const first = await login(h, 'alice@example.com', { transport: 'cookie' });
    const headers = {
      'content-type': 'application/json',
      ...cookieHeaders(first.refreshToken, { 'x-tessera-csrf': '' }),
    };
    const res = await h.request(auth('/logout'), { method: 'POST', headers, body: '{}' });
    expect(res.status).toBe(403);
    expect((await h.request(auth('/me'), { headers: bearer(first.accessToken) })).status).toBe(200);
  });

  it('a trusted cross-origin caller passes and gets CORS headers', async () => {
    await h.close();
    h = await createHarness({ TESSERA_TRUSTED_ORIGINS: 'https://app.example.com' });
    await h.addUser('alice@example.com');
    const first = await login(h, 'alice@example.com', { transport: 'cookie' });
    const res = await refreshWithCookie(first.refreshToken, {
      origin: 'https://app.example.com',
      'sec-fetch-site': 'same-site',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await h.request(auth('/refresh'), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('vary')).toContain('Origin');
  });
});
