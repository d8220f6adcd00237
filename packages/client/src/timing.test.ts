import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADA, createBrowser } from './test-support/harness.ts';

const MIN = 60_000;
const T0 = new Date('2030-01-01T00:00:00Z').getTime();

describe('deadlines, warning, keep-alive', () => {
  let browser: ReturnType<typeof createBrowser>;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    browser.disposeAll();
    vi.useRealTimers();
  });

  it('schedules against the server clock offset, not the device clock', async () => {
    // The device clock is 10 minutes ahead of the server's.
    browser = createBrowser({ skewMs: -10 * MIN });
    const { client } = browser.tab();
    const warning = vi.fn();
    client.on('warning', warning);
    await client.login(ADA);
    const s = client.getState();
    expect(s.idleExpiresAt).toBe(T0 + 15 * MIN);
    expect(s.warningAt).toBe(T0 + 13 * MIN);
    expect(s.idleTimeoutSeconds).toBe(900);
    await vi.advanceTimersByTimeAsync(13 * MIN - 1_000);
    expect(warning).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warning).toHaveBeenCalledWith({ deadline: T0 + 15 * MIN });
    // serverNow() gives the server's time, e.g. to show "last active" from server timestamps.
    expect(client.serverNow()).toBe(Date.now() - 10 * MIN);
  });

  it('warns 2 minutes before by default and clamps a shorter lead to 30 s', async () => {
    browser = createBrowser();
    const a = browser.tab({ createChannel: null });
    const b = browser.tab({ createChannel: null, warningLeadMs: 5_000 });
    await a.client.login(ADA);
    await b.client.login(ADA);
    expect(a.client.getState().warningAt).toBe(T0 + 13 * MIN);
    expect(b.client.getState().warningAt).toBe(T0 + 15 * MIN - 30_000);
  });

  it('at the idle deadline confirms with the server, then signs out with idle_timeout', async () => {
    browser = createBrowser();
    const { client } = browser.tab();
    const expired = vi.fn();
    client.on('expired', expired);
    await client.login(ADA);
    const before = browser.server.count('/api/auth/session-info');
    await vi.advanceTimersByTimeAsync(15 * MIN);
    expect(browser.server.count('/api/auth/session-info')).toBe(before + 1);
    expect(client.getState()).toMatchObject({ status: 'expired', reason: 'idle_timeout' });
    expect(expired).toHaveBeenCalledWith({ reason: 'idle_timeout' });
  });

  it('a late refusal without a reason keeps the tab expired with its reason', async () => {
    browser = createBrowser();
    const { client } = browser.tab();
    await client.login(ADA);
    await vi.advanceTimersByTimeAsync(15 * MIN);
    expect(client.getState()).toMatchObject({ status: 'expired', reason: 'idle_timeout' });
    // A background call after the end (the cookie is gone): 401 invalid_token, no reason.
    browser.server.sessions.clear();
    await client.refresh().catch(() => {});
    await client.sessionInfo().catch(() => {});
    expect(client.getState()).toMatchObject({ status: 'expired', reason: 'idle_timeout' });
  });

  it('sends a keep-alive only after real activity, at most once per interval', async () => {
    browser = createBrowser();
    const tab = browser.tab({ keepAliveIntervalMs: MIN });
    await tab.client.login(ADA);
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(browser.server.count('/api/auth/extend')).toBe(0);

    const extended = vi.fn();
    tab.client.on('extended', extended);
    tab.fire('pointerdown');
    await vi.advanceTimersByTimeAsync(0);
    expect(browser.server.count('/api/auth/extend')).toBe(1);
    expect(extended).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(2_000);
      tab.fire(i % 2 ? 'keydown' : 'scroll');
    }
    // 40 s of activity within the interval: still one request; the next one waits for the interval.
    expect(browser.server.count('/api/auth/extend')).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(browser.server.count('/api/auth/extend')).toBe(2);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(browser.server.count('/api/auth/extend')).toBe(2);
    expect(tab.client.getState().status).toBe('signed-in');
  });

  it('while the idle warning shows, passive input does not extend; only extend() does', async () => {
    browser = createBrowser();
    const tab = browser.tab({ keepAliveIntervalMs: MIN });
    const warning = vi.fn();
    tab.client.on('warning', warning);
    await tab.client.login(ADA);
    await vi.advanceTimersByTimeAsync(13 * MIN + 1_000);
    expect(warning).toHaveBeenCalledTimes(1);
    const deadline = tab.client.getState().idleExpiresAt;
    for (const type of ['pointermove', 'wheel', 'scroll', 'pointerdown', 'keydown']) {
      tab.fire(type);
      await vi.advanceTimersByTimeAsync(1_500);
    }
    await vi.advanceTimersByTimeAsync(MIN);
    expect(browser.server.count('/api/auth/extend')).toBe(0);
    expect(tab.client.getState().idleExpiresAt).toBe(deadline);
    await tab.client.extend(); // "Stay signed in"
    expect(browser.server.count('/api/auth/extend')).toBe(1);
    expect(tab.client.getState().idleExpiresAt).toBeGreaterThan(deadline! + 60_000);
    // The warning is gone: input counts as activity again.
    await vi.advanceTimersByTimeAsync(2 * MIN);
    tab.fire('pointermove');
    await vi.advanceTimersByTimeAsync(0);
    expect(browser.server.count('/api/auth/extend')).toBe(2);
  });

  it('refreshes proactively before access expiry, passive, in the visible tab only', async () => {
    browser = createBrowser({ accessTtlMs: 5 * MIN });
    const tab = browser.tab({ createChannel: null });
    await tab.client.login(ADA);
    tab.document.setVisible(false);
    await vi.advanceTimersByTimeAsync(5 * MIN - 20_000);
    expect(browser.server.count('/api/auth/refresh')).toBe(0);
    tab.document.setVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    const refreshes = browser.server.requests.filter((r) => r.path === '/api/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.headers.get('session-activity')).toBe('passive');
  });

  it('a token shorter than the proactive lead refreshes once per half lifetime, not in a loop', async () => {
    browser = createBrowser({ accessTtlMs: 10_000 });
    const tab = browser.tab({ createChannel: null });
    await tab.client.login(ADA);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(browser.server.count('/api/auth/refresh')).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(browser.server.count('/api/auth/refresh')).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    // One refresh per 5 s (half of each new 10 s token), never a burst.
    expect(browser.server.count('/api/auth/refresh')).toBe(5);
    expect(tab.client.getState().status).toBe('signed-in');
  });

  it('after sleeping past the deadline asks the server before acting on wake', async () => {
    browser = createBrowser();
    const tab = browser.tab();
    await tab.client.login(ADA);
    // Another device kept the session alive while this laptop slept.
    const session = [...browser.server.sessions.values()][0]!;
    session.idleExpiresAt = T0 + 40 * MIN;
    vi.setSystemTime(T0 + 20 * MIN);
    const infoBefore = browser.server.count('/api/auth/session-info');
    tab.fire('focus');
    await vi.advanceTimersByTimeAsync(0);
    // session-info hit token_expired, refreshed passively (no slide), and was retried once.
    expect(browser.server.count('/api/auth/session-info')).toBe(infoBefore + 2);
    const refresh = browser.server.requests.find((r) => r.path === '/api/auth/refresh');
    expect(refresh?.headers.get('session-activity')).toBe('passive');
    expect(tab.client.getState()).toMatchObject({
      status: 'signed-in',
      idleExpiresAt: T0 + 40 * MIN,
    });

    vi.setSystemTime(T0 + 41 * MIN);
    tab.document.setVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.client.getState()).toMatchObject({ status: 'expired', reason: 'idle_timeout' });
  });

  it('moves the deadlines from Session-Idle-Expires-At headers (own origin only)', async () => {
    browser = createBrowser();
    const { client } = browser.tab();
    await client.login(ADA);
    const later = new Date(T0 + 20 * MIN).toISOString();
    const s = browser.server;
    s.override('/collect', () => s.json(200, {}, { 'session-idle-expires-at': later }));
    await client.fetch('https://tracker.example/collect');
    expect(client.getState().idleExpiresAt).toBe(T0 + 15 * MIN);
    s.override('/api/data', () => s.json(200, {}, { 'session-idle-expires-at': later }));
    await client.fetch('https://api.test/api/data');
    expect(client.getState()).toMatchObject({
      idleExpiresAt: T0 + 20 * MIN,
      warningAt: T0 + 18 * MIN,
    });
  });

  it('dispose leaves no timers, listeners or channels', async () => {
    browser = createBrowser({ accessTtlMs: 5 * MIN });
    const tab = browser.tab();
    await tab.client.login(ADA);
    tab.fire('pointerdown');
    await vi.advanceTimersByTimeAsync(1_000);
    tab.fire('keydown');
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    const onChange = vi.fn();
    tab.client.on('change', onChange);
    tab.client.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(browser.hub.open()).toBe(0);
    tab.fire('pointerdown');
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(onChange).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
