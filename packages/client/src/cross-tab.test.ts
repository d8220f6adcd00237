import { describe, expect, it, vi } from 'vitest';
import { ADA, BASE, BOB, flush, useFakeBrowser } from './test-support/harness.ts';

const MIN = 60_000;
const T0 = new Date('2030-01-01T00:00:00Z').getTime();

describe('cross-tab', () => {
  const browser = useFakeBrowser();

  it('logout in one tab signs out every tab', async () => {
    const a = browser.tab();
    const b = browser.tab();
    await a.client.login(ADA);
    await flush();
    const logout = vi.fn();
    b.client.on('logout', logout);
    await a.client.logout();
    await flush();
    expect(b.client.getState()).toMatchObject({
      status: 'signed-out',
      user: null,
      reason: 'logout',
    });
    expect(logout).toHaveBeenCalledWith({ reason: 'logout' });
    expect(browser.server.count('/api/auth/logout')).toBe(1);
  });

  it('revocation seen by one tab signs out the others with the reason', async () => {
    const a = browser.tab();
    const b = browser.tab();
    await a.client.login(ADA);
    await flush();
    const revoked = vi.fn();
    b.client.on('revoked', revoked);
    browser.server.endSession('session_revoked', 'revoked_by_user');
    await expect(a.client.fetch(`${BASE}/api/data`)).rejects.toMatchObject({
      kind: 'session_expired',
    });
    await flush();
    expect(b.client.getState()).toMatchObject({ status: 'signed-out', reason: 'revoked_by_user' });
    expect(revoked).toHaveBeenCalledWith({ reason: 'revoked_by_user' });
  });

  it('a tab that sees a different user reloads instead of mixing identities', async () => {
    const a = browser.tab();
    const b = browser.tab();
    await a.client.login(ADA);
    await flush();
    await a.client.logout();
    await flush();
    await a.client.login(BOB);
    await flush();
    expect(b.reload).toHaveBeenCalledTimes(1);
    expect(b.client.getState().user).toBeNull();
    expect(a.reload).not.toHaveBeenCalled();
  });

  it('shows the same warning deadline in every tab; extend in one dismisses it everywhere', async () => {
    const a = browser.tab();
    const b = browser.tab();
    const warnA = vi.fn();
    const warnB = vi.fn();
    a.client.on('warning', warnA);
    b.client.on('warning', warnB);
    await a.client.login(ADA);
    await flush();
    await vi.advanceTimersByTimeAsync(13 * MIN);
    expect(warnA).toHaveBeenCalledWith({ deadline: T0 + 15 * MIN });
    expect(warnB).toHaveBeenCalledWith({ deadline: T0 + 15 * MIN });
    const extendedB = vi.fn();
    b.client.on('extended', extendedB);
    await a.client.extend();
    await flush();
    const idle = a.client.getState().idleExpiresAt!;
    expect(idle).toBe(T0 + 28 * MIN);
    expect(extendedB).toHaveBeenCalledWith({ idleExpiresAt: idle });
    expect(b.client.getState().warningAt).toBe(idle - 2 * MIN);
    expect(browser.server.count('/api/auth/extend')).toBe(1);
  });

  it('a tab whose lock wait times out refreshes anyway (no deadlock on a frozen tab)', async () => {
    const { client } = browser.tab({ lockTimeoutMs: 2_000 });
    await client.login(ADA);
    // A frozen tab holds the refresh lock forever.
    void browser.locks.request('tessera:refresh', {}, () => new Promise(() => {}));
    browser.server.expireAccessTokens();
    const pending = client.fetch(`${BASE}/api/data`);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(browser.server.count('/api/auth/refresh')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
    expect(browser.server.count('/api/auth/refresh')).toBe(1);
  });

  it('without Web Locks each tab still refreshes safely (single flight per tab)', async () => {
    const a = browser.tab({ locks: null });
    const b = browser.tab({ locks: null });
    await a.client.login(ADA);
    await flush();
    browser.server.expireAccessTokens();
    const all = [a, b].flatMap((t) =>
      Array.from({ length: 5 }, () => t.client.fetch(`${BASE}/api/data`)),
    );
    const results = await Promise.all(all);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(browser.server.count('/api/auth/refresh')).toBeLessThanOrEqual(2);
    expect(b.client.getState().status).toBe('signed-in');
  });

  it('a new tab adopts the token another tab broadcast instead of refreshing', async () => {
    const a = browser.tab();
    await a.client.login(ADA);
    const b = browser.tab();
    browser.server.expireAccessTokens();
    // Tab A refreshes first; B starts while A holds the lock, then uses A's broadcast token.
    const [ra] = await Promise.all([a.client.fetch(`${BASE}/api/data`), b.client.start()]);
    expect(ra.status).toBe(200);
    expect(browser.server.count('/api/auth/refresh')).toBe(1);
    expect(b.client.getState()).toMatchObject({ status: 'signed-in', user: { id: 'u1' } });
  });
});
