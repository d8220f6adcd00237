import { describe, expect, it, vi } from 'vitest';
import { errorFromResponse, friendlyMessage, SessionClientError } from './errors.ts';
import { ADA, BASE, useFakeBrowser } from './test-support/harness.ts';

describe('error taxonomy', () => {
  const browser = useFakeBrowser();

  it('has the friendly messages of the contract', () => {
    expect(friendlyMessage('forbidden')).toBe('You do not have permission to do that.');
    expect(friendlyMessage('rate_limited')).toBe('Too many requests. Please try again later.');
    expect(friendlyMessage('network')).toBe('Network error. Please check your connection.');
    expect(friendlyMessage('timeout')).toBe('Request timeout. Please try again.');
    expect(friendlyMessage('server')).toBe('Something went wrong on our side. Please try again.');
    expect(friendlyMessage('session_expired')).toBe(
      'Your session has expired. Please log in again.',
    );
    expect(friendlyMessage('invalid_credentials')).toBe('Incorrect email or password.');
    expect(new SessionClientError('timeout').message).toBe(friendlyMessage('timeout'));
  });

  it('maps login failures to kinds, honouring Retry-After', async () => {
    const { client } = browser.tab();
    await expect(client.login({ ...ADA, password: 'nope' })).rejects.toMatchObject({
      kind: 'invalid_credentials',
      code: 'invalid_credentials',
      status: 401,
    });
    const s = browser.server;
    s.override('/api/auth/login', () =>
      s.json(429, { code: 'rate_limited' }, { 'retry-after': '42' }),
    );
    await expect(client.login(ADA)).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterSeconds: 42,
    });
    await vi.advanceTimersByTimeAsync(42_000); // the client waits out Retry-After before resending
    const date = new Date(Date.now() + 90_000).toUTCString();
    s.override('/api/auth/login', () =>
      s.json(429, { code: 'rate_limited' }, { 'retry-after': date }),
    );
    await expect(client.login(ADA)).rejects.toMatchObject({ retryAfterSeconds: 90 });
    await vi.advanceTimersByTimeAsync(90_000);
    s.override('/api/auth/login', () => s.problem(409, 'session_limit_reached'));
    await expect(client.login(ADA)).rejects.toMatchObject({ kind: 'session_limit_reached' });
    s.override('/api/auth/login', () => s.problem(400, 'invalid_request'));
    await expect(client.login(ADA)).rejects.toMatchObject({ kind: 'invalid_request' });
    s.override('/api/auth/login', () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(client.login(ADA)).rejects.toMatchObject({
      kind: 'server',
      code: null,
      status: 502,
    });
    expect(client.getState().status).toBe('loading');
  });

  it('classifies timeouts and network failures from fetch', async () => {
    const { client } = browser.tab();
    const s = browser.server;
    s.override('/api/auth/login', () => {
      throw new DOMException('The operation timed out.', 'TimeoutError');
    });
    await expect(client.login(ADA)).rejects.toMatchObject({ kind: 'timeout' });
    s.override('/api/auth/login', () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.login(ADA)).rejects.toMatchObject({ kind: 'network' });
  });

  it('passes the request timeout to fetch as an AbortSignal', async () => {
    const seen: (AbortSignal | null | undefined)[] = [];
    const { client } = browser.tab({
      requestTimeoutMs: 1_234,
      fetch: async (input, init) => {
        seen.push(init?.signal);
        return browser.server.fetch(input, init);
      },
    });
    await client.login(ADA);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
  });

  it('times out through the fallback timer where AbortSignal.timeout is missing', async () => {
    const original = AbortSignal.timeout;
    (AbortSignal as { timeout?: unknown }).timeout = undefined;
    try {
      const { client } = browser.tab({
        requestTimeoutMs: 5_000,
        fetch: (_input, init) =>
          new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () =>
              reject(new DOMException('x', 'AbortError')),
            );
          }),
      });
      const pending = client.login(ADA);
      const settled = expect(pending).rejects.toMatchObject({ kind: 'timeout' });
      await vi.advanceTimersByTimeAsync(5_000);
      await settled;
      client.dispose();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      AbortSignal.timeout = original;
    }
  });

  it('a caller abort is passed through, not turned into a timeout', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    const abort = new AbortController();
    abort.abort();
    browser.server.override('/api/data', () => {
      throw new DOMException('aborted', 'AbortError');
    });
    await expect(client.fetch(`${BASE}/api/data`, { signal: abort.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('maps 403 codes and emits step-up-required', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    const stepUp = vi.fn();
    client.on('step-up-required', stepUp);
    browser.server.override('/api/auth/sessions', () =>
      browser.server.problem(403, 'step_up_required'),
    );
    await expect(client.listSessions()).rejects.toMatchObject({ kind: 'step_up_required' });
    expect(stepUp).toHaveBeenCalledTimes(1);
    const err = await errorFromResponse(browser.server.problem(403, 'csrf_failed'));
    expect(err).toMatchObject({ kind: 'forbidden', code: 'csrf_failed' });
  });

  it('on an unsubscribed listener stops receiving events', async () => {
    const { client } = browser.tab();
    const listener = vi.fn();
    const off = client.on('change', listener);
    off();
    await client.login(ADA);
    expect(listener).not.toHaveBeenCalled();
  });

  it('never attaches the access token to a third-party origin', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.override('/collect', () => browser.server.json(200, {}));
    await client.fetch('https://tracker.example/collect');
    await client.fetch(`${BASE}/api/data`);
    const [third, own] = browser.server.requests.slice(-2);
    expect(third?.headers.get('authorization')).toBeNull();
    expect(own?.headers.get('authorization')).toMatch(/^Bearer /);
  });

  it('sends cookies and the CSRF header only to trusted origins', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.override('/collect', () => browser.server.json(200, {}));
    await client.fetch('https://tracker.example/collect', { method: 'POST', body: '{}' });
    await client.fetch(`${BASE}/api/data`, { method: 'POST', body: '{}' });
    const [third, own] = browser.server.requests.slice(-2);
    expect(third?.credentials).toBeUndefined();
    expect(third?.headers.get('x-tessera-csrf')).toBeNull();
    expect(own?.credentials).toBe('include');
    expect(own?.headers.get('x-tessera-csrf')).toBe('1');
    // The app can still ask for credentials on a third-party call explicitly.
    browser.server.override('/collect', () => browser.server.json(200, {}));
    await client.fetch('https://tracker.example/collect', { credentials: 'include' });
    expect(browser.server.requests.at(-1)?.credentials).toBe('include');
  });

  it('honours Retry-After on login: no new /login before it elapses, same rate_limited error', async () => {
    const { client } = browser.tab();
    const first = browser.server.requests.length;
    // A 429 without Retry-After blocks nothing; then a 500; then a 429 with Retry-After: 30.
    browser.server.override('/api/auth/login', () => browser.server.problem(429, 'rate_limited'));
    browser.server.override('/api/auth/login', () => new Response(null, { status: 500 }));
    const limited = () =>
      browser.server.json(429, { code: 'rate_limited', status: 429 }, { 'retry-after': '30' });
    browser.server.override('/api/auth/login', limited);
    await expect(client.login(ADA)).rejects.toMatchObject({ kind: 'rate_limited' });
    await expect(client.login(ADA)).rejects.toMatchObject({ kind: 'server' });
    await expect(client.login(ADA)).rejects.toMatchObject({
      kind: 'rate_limited',
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 30,
    });
    const sent = () => browser.server.requests.length - first;
    expect(sent()).toBe(3);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(client.login(ADA)).rejects.toMatchObject({
      kind: 'rate_limited',
      code: 'rate_limited',
      retryAfterSeconds: 20,
    });
    expect(sent()).toBe(3); // rejected locally, the password was not sent again
    await vi.advanceTimersByTimeAsync(20_000);
    await client.login(ADA);
    expect(sent()).toBeGreaterThan(3);
    expect(client.getState().status).toBe('signed-in');
  });
});
