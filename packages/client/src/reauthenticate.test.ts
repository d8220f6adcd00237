import { describe, expect, it, vi } from 'vitest';
import { SessionClientError } from './errors.ts';
import { memoryStorage, REFRESH_TOKEN_KEY } from './storage.ts';
import { ADA, BASE, flush, MOBILE, useFakeBrowser } from './test-support/harness.ts';

const REAUTH = '/api/auth/reauth';
const PROTECTED = `${BASE}/api/step-up-protected`;

describe('reauthenticate (step-up)', () => {
  const browser = useFakeBrowser();

  it('satisfies step-up-required: the retried request passes (cookie transport)', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    vi.advanceTimersByTime(10 * 60_000);
    await client.extend(); // keep the session alive; the authentication is still 10 min old
    const stepUpRequired = vi.fn();
    client.on('step-up-required', stepUpRequired);
    expect((await client.fetch(PROTECTED)).status).toBe(403);
    expect(stepUpRequired).toHaveBeenCalledTimes(1);

    const reauthenticated = vi.fn();
    client.on('reauthenticated', reauthenticated);
    await client.reauthenticate({ password: ADA.password });
    expect((await client.fetch(PROTECTED)).status).toBe(200);

    const sent = browser.server.requests.find((r) => r.path === REAUTH)!;
    expect(sent.body).toEqual({ password: ADA.password }); // the cookie carries the token
    expect(sent.credentials).toBe('include');
    expect(sent.headers.get('x-tessera-csrf')).toBe('1');
    expect(sent.headers.get('authorization')).toMatch(/^Bearer at-/);
    expect(reauthenticated).toHaveBeenCalledWith({ authTime: Date.now(), aal: 1 });
    expect(client.getState().session?.authTime).toBe(new Date(Date.now()).toISOString());
  });

  it('bearer: presents the stored refresh token and stores the rotated one', async () => {
    const storage = memoryStorage();
    const { client } = browser.tab({ ...MOBILE, transport: 'bearer', storage });
    await client.login(ADA);
    const before = await storage.get(REFRESH_TOKEN_KEY);
    await client.reauthenticate({ password: ADA.password });
    const sent = browser.server.requests.find((r) => r.path === REAUTH)!;
    expect(sent.body).toEqual({ password: ADA.password, refreshToken: before });
    expect(sent.credentials).toBeUndefined();
    const after = await storage.get(REFRESH_TOKEN_KEY);
    expect(after).toMatch(/^rt-/);
    expect(after).not.toBe(before);
    await client.refresh(); // the stored token is the session's current one
    expect(client.getState().status).toBe('signed-in');
  });

  it('a wrong password rejects with invalid_credentials and keeps the session', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    const ended = vi.fn();
    client.on('revoked', ended);
    client.on('expired', ended);
    const error = await client.reauthenticate({ password: 'typo' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionClientError);
    expect(error).toMatchObject({ kind: 'invalid_credentials', status: 401 });
    expect(client.getState().status).toBe('signed-in');
    expect(ended).not.toHaveBeenCalled();
    expect((await client.fetch(`${BASE}/api/data`)).status).toBe(200);
  });

  it('429 rejects with rate_limited and Retry-After; the session stays', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.override(REAUTH, () =>
      browser.server.json(
        429,
        { type: 'about:blank', title: 'rate_limited', status: 429, code: 'rate_limited' },
        { 'retry-after': '120' },
      ),
    );
    const error = await client.reauthenticate({ password: ADA.password }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 120 });
    expect(client.getState().status).toBe('signed-in');
  });

  it('an expired access token is refreshed first, then the step-up goes through', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.expireAccessTokens();
    await client.reauthenticate({ password: ADA.password });
    expect(browser.server.count('/api/auth/refresh')).toBe(1);
    expect(browser.server.count(REAUTH)).toBe(2);
    expect((await client.fetch(PROTECTED)).status).toBe(200);
  });

  it('a session that ended signs out with its reason', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.server.endSession('session_revoked', 'revoked_by_user');
    const error = await client.reauthenticate({ password: ADA.password }).catch((e) => e);
    expect(error).toMatchObject({ code: 'session_revoked' });
    expect(client.getState()).toMatchObject({ status: 'signed-out', reason: 'revoked_by_user' });
  });

  for (const [name, options] of [
    ['with Web Locks', {}],
    ['without Web Locks (mobile)', { ...MOBILE, transport: 'bearer' as const }],
  ] as const) {
    it(`a refresh asked for during the step-up waits for it, then is not needed (${name})`, async () => {
      const { client } = browser.tab(options);
      await client.login(ADA);
      const stepUp = client.reauthenticate({ password: ADA.password });
      const refresh = client.refresh();
      await Promise.all([stepUp, refresh]);
      expect(browser.server.count('/api/auth/refresh')).toBe(0);
      expect(browser.server.count(REAUTH)).toBe(1);
      expect(client.getState().status).toBe('signed-in');
    });

    it(`a step-up asked for during a refresh presents the refreshed token (${name})`, async () => {
      const { client } = browser.tab(options);
      await client.login(ADA);
      const refresh = client.refresh();
      const stepUp = client.reauthenticate({ password: ADA.password });
      await Promise.all([refresh, stepUp]);
      expect(browser.server.count('/api/auth/refresh')).toBe(1);
      expect(browser.server.count(REAUTH)).toBe(1);
    });
  }

  it('the other tab gets the stepped-up access token too', async () => {
    const a = browser.tab();
    const b = browser.tab();
    await a.client.login(ADA);
    await flush();
    vi.advanceTimersByTime(10 * 60_000);
    await a.client.extend();
    await a.client.reauthenticate({ password: ADA.password });
    await flush();
    expect((await b.client.fetch(PROTECTED)).status).toBe(200);
  });

  it('signed out: rejects without calling the server', async () => {
    const { client } = browser.tab();
    await client.start();
    await expect(client.reauthenticate({ password: ADA.password })).rejects.toMatchObject({
      kind: 'session_expired',
    });
    expect(browser.server.count(REAUTH)).toBe(0);
  });
});
