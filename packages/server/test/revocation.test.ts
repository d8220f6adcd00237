import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  bearer,
  cookieHeaders,
  createHarness,
  type Harness,
  json,
  login,
  PASSWORD,
} from './support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.addUser('alice@example.com');
  await h.addUser('bob@example.com');
});
afterEach(async () => h.close());

const me = (token: string) => h.request(auth('/me'), { headers: bearer(token) });

describe('ending sessions', () => {
  it('logout refuses the old access token at once and clears the cookie', async () => {
    const s = await login(h, 'alice@example.com', { transport: 'cookie' });
    const res = await h.request(auth('/logout'), {
      method: 'POST',
      headers: bearer(s.accessToken),
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toContain('Max-Age=0');
    expect(await (await me(s.accessToken)).json()).toMatchObject({
      code: 'session_revoked',
      reason: 'logout',
    });
  });

  it('logout with only the cookie (CSRF header present) ends the session', async () => {
    const s = await login(h, 'alice@example.com', { transport: 'cookie' });
    const res = await h.request(auth('/logout'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cookieHeaders(s.refreshToken) },
      body: '{}',
    });
    expect(res.status).toBe(204);
    expect(await (await me(s.accessToken)).json()).toMatchObject({
      code: 'session_revoked',
      reason: 'logout',
    });
    // Logout never rotates the token it was given (no refresh is counted).
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).toMatch(/^sessions_refreshed_total 0$/m);
  });

  it('DELETE /sessions/:id revokes another own session with revoked_by_user', async () => {
    const a = await login(h, 'alice@example.com');
    const b = await login(h, 'alice@example.com');
    const res = await h.request(auth(`/sessions/${b.sessionId}`), {
      method: 'DELETE',
      headers: bearer(a.accessToken),
    });
    expect(res.status).toBe(204);
    const refused = await me(b.accessToken);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      code: 'session_revoked',
      reason: 'revoked_by_user',
    });
    expect((await me(a.accessToken)).status).toBe(200);
  });

  it("another user's session id is 404 not_found and stays alive", async () => {
    const a = await login(h, 'alice@example.com');
    const b = await login(h, 'bob@example.com');
    const res = await h.request(auth(`/sessions/${b.sessionId}`), {
      method: 'DELETE',
      headers: bearer(a.accessToken),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
    expect((await me(b.accessToken)).status).toBe(200);
  });

  it('revoking the current session works', async () => {
    const a = await login(h, 'alice@example.com');
    const res = await h.request(auth(`/sessions/${a.sessionId}`), {
      method: 'DELETE',
      headers: bearer(a.accessToken),
    });
    expect(res.status).toBe(204);
    expect((await me(a.accessToken)).status).toBe(401);
  });

  it('revoke-all ends the others and keeps the current one', async () => {
    const a = await login(h, 'alice@example.com');
    const b = await login(h, 'alice@example.com');
    const c = await login(h, 'alice@example.com');
    const res = await h.request(auth('/sessions/revoke-all'), {
      method: 'POST',
      headers: bearer(a.accessToken),
    });
    expect(await res.json()).toMatchObject({ revoked: 2 });
    expect((await me(a.accessToken)).status).toBe(200);
    expect((await me(b.accessToken)).status).toBe(401);
    expect((await me(c.accessToken)).status).toBe(401);
  });

  it('GET /sessions lists own sessions with the current flag and no secrets', async () => {
    const a = await login(h, 'alice@example.com');
    await login(h, 'alice@example.com');
    await login(h, 'bob@example.com');
    const res = await h.request(auth('/sessions'), { headers: bearer(a.accessToken) });
    const body = (await res.json()) as {
      sessions: { id: string; current: boolean }[];
      serverTime: string;
    };
    expect(body.sessions).toHaveLength(2);
    expect(body.sessions.filter((s) => s.current).map((s) => s.id)).toEqual([a.sessionId]);
    expect(JSON.stringify(body)).not.toMatch(/refreshTokenHash|"hash"|token/i);
  });
});

describe('POST /password', () => {
  const change = (token: string, currentPassword: string, newPassword: string) =>
    h.request(auth('/password'), json({ currentPassword, newPassword }, bearer(token)));

  it('ends the other sessions with password_changed and keeps this one', async () => {
    const a = await login(h, 'alice@example.com');
    const b = await login(h, 'alice@example.com');
    const res = await change(a.accessToken, PASSWORD, 'a brand new passphrase');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ revoked: 1 });
    expect(await (await me(b.accessToken)).json()).toMatchObject({
      code: 'session_revoked',
      reason: 'password_changed',
    });
    expect((await me(a.accessToken)).status).toBe(200);
    const old = await h.request(
      auth('/login'),
      json({ email: 'alice@example.com', password: PASSWORD }),
    );
    expect(old.status).toBe(401);
    const fresh = await h.request(
      auth('/login'),
      json({ email: 'alice@example.com', password: 'a brand new passphrase' }),
    );
    expect(fresh.status).toBe(200);
  });

  it('wrong current password ⇒ 401 invalid_credentials; policy violations ⇒ 400 with issues', async () => {
    const a = await login(h, 'alice@example.com');
    expect(
      await (await change(a.accessToken, 'not it', 'a brand new passphrase')).json(),
    ).toMatchObject({ code: 'invalid_credentials' });
    const short = await change(a.accessToken, PASSWORD, 'short');
    expect(short.status).toBe(400);
    expect(((await short.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe(
      'newPassword',
    );
    const same = await change(a.accessToken, PASSWORD, PASSWORD);
    expect(same.status).toBe(400);
    const long = await change(a.accessToken, PASSWORD, 'x'.repeat(257));
    expect(long.status).toBe(400);
  });

  it('wrong current passwords are throttled', async () => {
    const a = await login(h, 'alice@example.com');
    for (let i = 0; i < 10; i++)
      expect((await change(a.accessToken, `wrong ${i}`, 'a brand new passphrase')).status).toBe(
        401,
      );
    const blocked = await change(a.accessToken, PASSWORD, 'a brand new passphrase');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
