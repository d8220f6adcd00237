import { describe, expect, it, vi } from 'vitest';
import { SessionClientError } from './errors.ts';
import { ADA, BASE, flush, useFakeBrowser } from './test-support/harness.ts';

const REFRESH = '/api/auth/refresh';
const DATA = `${BASE}/api/data`;

describe('silent refresh', () => {
  const browser = useFakeBrowser();

  it('refreshes once on token_expired and retries the request once', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    expect(client.getState().status).toBe('signed-in');
    browser.server.expireAccessTokens();
    const refreshed = vi.fn();
    client.on('refreshed', refreshed);
    const res = await client.fetch(DATA);
    expect(res.status).toBe(200);
    expect(browser.server.count(REFRESH)).toBe(1);
    expect(browser.server.count('/api/data')).toBe(2);
    expect(refreshed).toHaveBeenCalledTimes(1);
    const refresh = browser.server.requests.find((r) => r.path === REFRESH)!;
    expect(refresh.credentials).toBe('include');
    expect(refresh.headers.get('x-tessera-csrf')).toBe('1');
  });

  it('makes exactly one /refresh for 10 parallel requests with an expired token', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.fetch(DATA)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(browser.server.count(REFRESH)).toBe(1);
  });

  it('two tabs sharing a lock and a channel make one /refresh and both get the token', async () => {
    const a = browser.tab();
    const b = browser.tab();
    await a.client.login(ADA);
    await flush();
    expect(b.client.getState().status).toBe('signed-in');
    browser.server.expireAccessTokens();
    const [ra, rb] = await Promise.all([a.client.fetch(DATA), b.client.fetch(DATA)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect(browser.server.count(REFRESH)).toBe(1);
    const tokens = browser.server.requests
      .filter((r) => r.path === '/api/data')
      .map((r) => r.headers.get('authorization'));
    // The retries of both tabs carry the same new token.
    expect(new Set(tokens.slice(-2)).size).toBe(1);
  });

  it('one /refresh across tabs even when the broadcast arrives after the lock is released', async () => {
    browser.replace({}, { channelDelayMs: 100 });
    const a = browser.tab();
    const b = browser.tab();
    await a.client.login(ADA);
    await vi.advanceTimersByTimeAsync(200);
    expect(b.client.getState().status).toBe('signed-in');
    browser.server.expireAccessTokens();
    const both = Promise.all([a.client.fetch(DATA), b.client.fetch(DATA)]);
    await vi.advanceTimersByTimeAsync(1_000);
    const [ra, rb] = await both;
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect(browser.server.count(REFRESH)).toBe(1);
    const marker = browser.localStorage.getItem('tessera:last-refresh') ?? '';
    expect(marker).toMatch(/^\d+:[a-z0-9]+$/); // a time and a tab id, never a token
  });

  it('without a broadcast at all, a tab waits at most 1.5 s, then refreshes itself', async () => {
    const a = browser.tab({ createChannel: null });
    const b = browser.tab({ createChannel: null });
    await a.client.login(ADA);
    await b.client.login(ADA);
    browser.server.expireAccessTokens();
    await a.client.fetch(DATA);
    const before = browser.server.count(REFRESH);
    const start = Date.now();
    browser.localStorage.setItem('tessera:last-refresh', `${start}:othertab`);
    const pending = b.client.fetch(DATA);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(browser.server.count(REFRESH)).toBe(before);
    await vi.advanceTimersByTimeAsync(50);
    expect((await pending).status).toBe(200);
    expect(browser.server.count(REFRESH)).toBe(before + 1);
  });

  it('never refreshes on a 401 that is not token_expired', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.override('/api/data', () => browser.server.problem(401, 'invalid_token'));
    await expect(client.fetch(DATA)).rejects.toMatchObject({
      kind: 'session_expired',
      code: 'invalid_token',
    });
    expect(browser.server.count(REFRESH)).toBe(0);
  });

  it('signs out with the reason on session_revoked, without refreshing', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    const revoked = vi.fn();
    client.on('revoked', revoked);
    browser.server.endSession('session_revoked', 'password_changed');
    await expect(client.fetch(DATA)).rejects.toBeInstanceOf(SessionClientError);
    expect(browser.server.count(REFRESH)).toBe(0);
    expect(client.getState()).toMatchObject({ status: 'signed-out', reason: 'password_changed' });
    expect(revoked).toHaveBeenCalledWith({ reason: 'password_changed' });
  });

  it('never refreshes on 403 or on network errors, and keeps the session', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.override('/api/data', () => browser.server.problem(403, 'forbidden'));
    expect((await client.fetch(DATA)).status).toBe(403);
    browser.server.override('/api/data', () => {
      throw new TypeError('fetch failed');
    });
    await expect(client.fetch(DATA)).rejects.toMatchObject({ kind: 'network' });
    expect(browser.server.count(REFRESH)).toBe(0);
    expect(client.getState().status).toBe('signed-in');
  });

  it('keeps the session on 503 during refresh', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.expireAccessTokens();
    browser.server.override(REFRESH, () =>
      browser.server.json(503, { code: 'unavailable', status: 503 }, { 'retry-after': '7' }),
    );
    await expect(client.fetch(DATA)).rejects.toMatchObject({
      kind: 'server',
      retryAfterSeconds: 7,
    });
    expect(client.getState().status).toBe('signed-in');
  });

  it('retries once: a second token_expired signs out instead of looping', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.expireAccessTokens();
    const expired = browser.server.problem.bind(null, 401, 'token_expired');
    browser.server.override('/api/data', expired);
    browser.server.override('/api/data', expired);
    await expect(client.fetch(DATA)).rejects.toMatchObject({ kind: 'session_expired' });
    expect(browser.server.count(REFRESH)).toBe(1);
    expect(browser.server.count('/api/data')).toBe(2);
    expect(client.getState()).toMatchObject({ status: 'expired', reason: 'session_expired' });
  });

  it('circuit breaker: at most 3 refreshes per 30 s, then signed out', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    for (let i = 0; i < 3; i++) {
      browser.server.expireAccessTokens();
      await client.fetch(DATA);
    }
    expect(browser.server.count(REFRESH)).toBe(3);
    browser.server.expireAccessTokens();
    await expect(client.fetch(DATA)).rejects.toMatchObject({ kind: 'session_expired' });
    expect(browser.server.count(REFRESH)).toBe(3);
    expect(client.getState().status).toBe('expired');
  });

  it('network errors, 503 and 429 from /refresh never trip the breaker: back off, keep the session', async () => {
    // A 10-minute breaker window, so all five failures fall inside it.
    const { client } = browser.tab({ refreshBreaker: { maxAttempts: 3, windowMs: 10 * 60_000 } });
    await client.login(ADA);
    const failures = [
      () => {
        throw new TypeError('fetch failed');
      },
      () => browser.server.json(503, { code: 'unavailable', status: 503 }),
      () => browser.server.json(429, { code: 'rate_limited' }, { 'retry-after': '20' }),
      () => {
        throw new TypeError('fetch failed');
      },
      () => browser.server.json(502, {}),
    ];
    for (const fail of failures) browser.server.override(REFRESH, fail);
    const kinds: string[] = [];
    for (let i = 0; i < failures.length; i++) {
      browser.server.expireAccessTokens();
      const error = await client.fetch(DATA).catch((e: SessionClientError) => e);
      kinds.push((error as SessionClientError).kind);
      expect(client.getState().status).toBe('signed-in');
      await vi.advanceTimersByTimeAsync(61_000); // past any backoff
    }
    expect(kinds).toEqual(['network', 'server', 'rate_limited', 'network', 'server']);
    expect(browser.server.count(REFRESH)).toBe(5);
    // And it recovers as soon as the service answers again.
    browser.server.expireAccessTokens();
    expect((await client.fetch(DATA)).status).toBe(200);
    expect(client.getState().status).toBe('signed-in');
  });

  it('after a failed refresh, calls within the backoff fail fast without hitting /refresh', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.expireAccessTokens();
    browser.server.override(REFRESH, () =>
      browser.server.json(429, { code: 'rate_limited' }, { 'retry-after': '20' }),
    );
    await expect(client.fetch(DATA)).rejects.toMatchObject({ kind: 'rate_limited' });
    for (let i = 0; i < 5; i++) {
      await expect(client.fetch(DATA)).rejects.toMatchObject({ kind: 'rate_limited' });
    }
    expect(browser.server.count(REFRESH)).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await client.fetch(DATA)).status).toBe(200);
    expect(browser.server.count(REFRESH)).toBe(2);
    expect(client.getState().status).toBe('signed-in');
  });

  it('logout during an in-flight refresh discards the refreshed token', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.expireAccessTokens();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const real = browser.server.fetch;
    browser.server.override(REFRESH, async () => {
      await gate;
      return real(`${BASE}${REFRESH}`, {
        method: 'POST',
        body: '{}',
        credentials: 'include',
        headers: { 'x-tessera-csrf': '1' },
      });
    });
    const pending = client.fetch(DATA);
    await flush();
    const loggedOut = client.logout();
    release();
    await expect(pending).rejects.toBeInstanceOf(SessionClientError);
    await loggedOut;
    expect(client.getState()).toMatchObject({ status: 'signed-out', user: null });
    // The discarded token was used only to end the session on the server.
    const logout = browser.server.requests.filter((r) => r.path === '/api/auth/logout');
    expect(logout.length).toBeGreaterThan(0);
    const data = browser.server.requests.filter((r) => r.path === '/api/data');
    expect(data).toHaveLength(1);
    expect([...browser.server.sessions.values()][0]?.ended?.reason).toBe('logout');
  });
});
