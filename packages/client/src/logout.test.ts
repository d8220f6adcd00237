import { describe, expect, it, vi } from 'vitest';
import { ADA, BASE, flush, useFakeBrowser } from './test-support/harness.ts';

const LOGOUT = '/api/auth/logout';
const REFRESH = '/api/auth/refresh';
const MARKER = 'tessera:logout-pending';
const offline = () => {
  throw new TypeError('fetch failed');
};

describe('logout that must stick', () => {
  const browser = useFakeBrowser();

  const session = () => [...browser.server.sessions.values()][0];

  it('a logout that failed on the network is not undone by a reload (cookie still set)', async () => {
    const a = browser.tab();
    await a.client.login(ADA);
    browser.server.override(LOGOUT, offline);
    await a.client.logout();
    expect(a.client.getState().status).toBe('signed-out');
    expect(session()?.ended).toBeNull(); // the server never heard of it
    const stored = browser.localStorage.getItem(MARKER);
    expect(stored).toMatch(/^\d+$/); // a timestamp, never a token
    a.client.dispose();

    // Reload: the HttpOnly cookie is still there, but the page must not sign back in.
    const b = browser.tab();
    const refreshesBefore = browser.server.count(REFRESH);
    await b.client.start();
    expect(browser.server.count(REFRESH)).toBe(refreshesBefore);
    expect(b.client.getState()).toMatchObject({ status: 'signed-out', user: null });
    expect(session()?.ended?.reason).toBe('logout');
    expect(browser.localStorage.getItem(MARKER)).toBeNull();

    // Now a reload starts normally (and finds no session).
    const c = browser.tab();
    await c.client.start();
    expect(c.client.getState().status).toBe('signed-out');
  });

  it('retries /logout with backoff until the server confirms', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.override(LOGOUT, offline);
    browser.server.override(LOGOUT, () => browser.server.json(503, { code: 'unavailable' }));
    await client.logout();
    expect(browser.server.count(LOGOUT)).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(browser.server.count(LOGOUT)).toBe(2); // 503: still pending
    expect(browser.localStorage.getItem(MARKER)).not.toBeNull();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(browser.server.count(LOGOUT)).toBe(3);
    expect(session()?.ended?.reason).toBe('logout');
    expect(browser.localStorage.getItem(MARKER)).toBeNull();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(browser.server.count(LOGOUT)).toBe(3);
  });

  it('signing in again ends the pending logout and clears the marker', async () => {
    const a = browser.tab();
    await a.client.login(ADA);
    const first = session()!;
    browser.server.override(LOGOUT, offline);
    await a.client.logout();
    await a.client.login(ADA);
    expect(first.ended?.reason).toBe('logout'); // one more try went out before the login
    expect(browser.localStorage.getItem(MARKER)).toBeNull();
    expect(a.client.getState().status).toBe('signed-in');
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    const live = [...browser.server.sessions.values()].filter((s) => !s.ended);
    expect(live).toHaveLength(1); // the new session is never logged out by a stale retry
  });

  it('the circuit breaker sign-out also ends the session on the server', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    // Three refreshes in the window, then a fourth: the breaker signs out.
    for (let i = 0; i < 4; i++) {
      browser.server.expireAccessTokens();
      await client.fetch(`${BASE}/api/data`).catch(() => {});
    }
    await flush();
    expect(client.getState()).toMatchObject({ status: 'expired' });
    expect(browser.server.count(LOGOUT)).toBe(1);
    expect(session()?.ended?.reason).toBe('logout');
  });
});
