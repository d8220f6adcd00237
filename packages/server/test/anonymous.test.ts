import { Cookies } from '@tessera/protocol';
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
  refreshCookieOf,
} from './support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.addUser('alice@example.com');
});
afterEach(async () => h.close());

const DATA = auth('/session/data');
const SAME_ORIGIN = cookieHeaders('unused');
delete SAME_ORIGIN.cookie;

interface Guest {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  body: Record<string, unknown>;
}

async function startGuest(
  transport: 'cookie' | 'bearer' = 'bearer',
  ip = '203.0.113.9',
): Promise<Guest> {
  const headers = transport === 'cookie' ? SAME_ORIGIN : {};
  const res = await h.request(auth('/anonymous'), { ...json({ transport }, headers), ip });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200)
    throw new Error(`anonymous failed: ${res.status} ${JSON.stringify(body)}`);
  return {
    accessToken: body.accessToken as string,
    refreshToken:
      transport === 'bearer' ? (body.refreshToken as string) : (refreshCookieOf(res) as string),
    sessionId: (body.session as { id: string }).id,
    body,
  };
}

async function putData(token: string, set: Record<string, unknown>) {
  const res = await h.request(DATA, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify({ version: 0, set }),
  });
  expect(res.status).toBe(200);
}

const dataOf = async (token: string) =>
  ((await (await h.request(DATA, { headers: bearer(token) })).json()) as { data: unknown }).data;

describe('POST /anonymous', () => {
  it('bearer: a guest session answered like login with user null; its tokens work and refresh', async () => {
    const guest = await startGuest('bearer');
    expect(guest.body).toMatchObject({
      user: null,
      session: { kind: 'anonymous', current: true, rememberMe: false },
      accessTokenExpiresAt: expect.any(String),
      serverTime: expect.any(String),
    });
    expect(typeof guest.refreshToken).toBe('string');
    await putData(guest.accessToken, { cart: ['sku-1'] });
    const res = await h.request(auth('/refresh'), json({ refreshToken: guest.refreshToken }));
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as { user: unknown; session: { kind: string } };
    expect(refreshed).toMatchObject({ user: null, session: { kind: 'anonymous' } });
    expect((await h.store.get(guest.sessionId))?.revokedAt).toBeNull();
  });

  it('cookie: sets the refresh cookie (no token in the body) and needs the CSRF header', async () => {
    const guest = await startGuest('cookie');
    expect(guest.refreshToken).toMatch(/\./);
    expect(guest.body.refreshToken).toBeUndefined();
    const forged = await h.request(
      auth('/anonymous'),
      json({}, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }),
    );
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { code: string }).code).toBe('csrf_failed');
    expect(forged.headers.get('set-cookie')).toBeNull();
  });

  it('JSON only (415) and unknown fields rejected (400)', async () => {
    const form = await h.request(auth('/anonymous'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      body: 'transport=bearer',
    });
    expect(form.status).toBe(415);
    const extra = await h.request(auth('/anonymous'), json({ transport: 'bearer', admin: true }));
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { code: string }).code).toBe('invalid_request');
  });

  it('rate-limited per client address: 30 per 15 minutes, then 429 with Retry-After', async () => {
    for (let i = 0; i < 30; i++) await startGuest('bearer', '198.51.100.7');
    const blocked = await h.request(auth('/anonymous'), {
      ...json({ transport: 'bearer' }),
      ip: '198.51.100.7',
    });
    expect(blocked.status).toBe(429);
    const body = (await blocked.json()) as { code: string; retryAfter: number };
    expect(body.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBe(body.retryAfter);
    await startGuest('bearer', '198.51.100.8'); // another address is not affected
    h.clock.advance(15 * 60_000 + 1);
    await startGuest('bearer', '198.51.100.7');
  });
});

describe('guest sessions and user-only routes', () => {
  it('/me, /sessions, DELETE /sessions/:id, revoke-all, /password and /reauth answer 403 forbidden; the guest lives on', async () => {
    const guest = await startGuest('bearer');
    const calls: [string, RequestInit][] = [
      [auth('/me'), { headers: bearer(guest.accessToken) }],
      [auth('/sessions'), { headers: bearer(guest.accessToken) }],
      [
        auth(`/sessions/${guest.sessionId}`),
        { method: 'DELETE', headers: bearer(guest.accessToken) },
      ],
      [auth('/sessions/revoke-all'), json({}, bearer(guest.accessToken))],
      [
        auth('/password'),
        json(
          { currentPassword: 'whatever1', newPassword: 'something-new' },
          bearer(guest.accessToken),
        ),
      ],
      [
        auth('/reauth'),
        json(
          { password: 'whatever1', refreshToken: guest.refreshToken },
          bearer(guest.accessToken),
        ),
      ],
    ];
    for (const [path, init] of calls) {
      const res = await h.request(path, init);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { code: string }).code, path).toBe('forbidden');
    }
    expect((await h.store.get(guest.sessionId))?.revokedAt).toBeNull();
    expect((await h.request(DATA, { headers: bearer(guest.accessToken) })).status).toBe(200);
    expect(
      (await h.request(auth('/session-info'), { headers: bearer(guest.accessToken) })).status,
    ).toBe(200);
  });
});

describe('merge at login', () => {
  it('bearer: anonymousRefreshToken merges the guest data into the new session; the guest ends', async () => {
    const guest = await startGuest('bearer');
    await putData(guest.accessToken, { cart: ['sku-1'] });
    const res = await h.request(
      auth('/login'),
      json({
        email: 'alice@example.com',
        password: PASSWORD,
        transport: 'bearer',
        anonymousRefreshToken: guest.refreshToken,
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accessToken: string; user: { email: string } };
    expect(body.user.email).toBe('alice@example.com');
    expect(await dataOf(body.accessToken)).toEqual({ cart: ['sku-1'] });
    const old = await h.request(auth('/refresh'), json({ refreshToken: guest.refreshToken }));
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ code: 'session_revoked', reason: 'logout' });
  });

  it('cookie: the guest refresh cookie (with the CSRF header) is merged; a new cookie replaces it', async () => {
    const guest = await startGuest('cookie');
    await putData(guest.accessToken, { theme: 'dark' });
    const res = await h.request(
      auth('/login'),
      json(
        { email: 'alice@example.com', password: PASSWORD, transport: 'cookie' },
        cookieHeaders(guest.refreshToken),
      ),
    );
    expect(res.status).toBe(200);
    expect(refreshCookieOf(res)).not.toBe(guest.refreshToken);
    const { accessToken } = (await res.json()) as { accessToken: string };
    expect(await dataOf(accessToken)).toEqual({ theme: 'dark' });
    expect((await h.store.get(guest.sessionId))?.revokedReason).toBe('logout');
  });

  it('cookie without the CSRF header: the login works, the guest is left alone', async () => {
    const guest = await startGuest('cookie');
    await putData(guest.accessToken, { theme: 'dark' });
    const res = await h.request(
      auth('/login'),
      json(
        { email: 'alice@example.com', password: PASSWORD, transport: 'cookie' },
        { cookie: `${Cookies.refresh}=${guest.refreshToken}` },
      ),
    );
    expect(res.status).toBe(200);
    const { accessToken } = (await res.json()) as { accessToken: string };
    expect(await dataOf(accessToken)).toEqual({});
    expect((await h.store.get(guest.sessionId))?.revokedAt).toBeNull();
  });

  it('a wrong password ends nothing and merges nothing', async () => {
    const guest = await startGuest('bearer');
    await putData(guest.accessToken, { cart: [1] });
    const res = await h.request(
      auth('/login'),
      json({
        email: 'alice@example.com',
        password: 'wrong password',
        anonymousRefreshToken: guest.refreshToken,
      }),
    );
    expect(res.status).toBe(401);
    expect((await h.store.get(guest.sessionId))?.revokedAt).toBeNull();
  });

  it('a forged anonymousRefreshToken merges nothing and the login still succeeds', async () => {
    const guest = await startGuest('bearer');
    await putData(guest.accessToken, { cart: [1] });
    const { accessToken } = await login(h, 'alice@example.com', {
      headers: {},
    });
    expect(await dataOf(accessToken)).toEqual({});
    const forged = await h.request(
      auth('/login'),
      json({
        email: 'alice@example.com',
        password: PASSWORD,
        transport: 'bearer',
        anonymousRefreshToken: `${guest.sessionId}.${'A'.repeat(43)}`,
      }),
    );
    expect(forged.status).toBe(200);
    expect(await dataOf(((await forged.json()) as { accessToken: string }).accessToken)).toEqual(
      {},
    );
    expect((await h.store.get(guest.sessionId))?.revokedAt).toBeNull();
  });
});
