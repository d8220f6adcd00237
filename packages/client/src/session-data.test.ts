import { describe, expect, it } from 'vitest';
import { SessionClientError } from './errors.ts';
import { memoryStorage, REFRESH_TOKEN_KEY } from './storage.ts';
import { ADA, MOBILE, useFakeBrowser } from './test-support/harness.ts';

describe('guest sessions and session data', () => {
  const browser = useFakeBrowser();

  it('startGuest (cookie): a signed-in guest with no user; POST /anonymous carries the CSRF header', async () => {
    const { client } = browser.tab();
    await client.startGuest();
    expect(client.getState()).toMatchObject({
      status: 'signed-in',
      user: null,
      session: { kind: 'anonymous' },
    });
    const start = browser.server.requests.find((r) => r.path === '/api/auth/anonymous');
    expect(start?.method).toBe('POST');
    expect(start?.body).toEqual({ transport: 'cookie' });
    expect(start?.headers.get('x-tessera-csrf')).toBe('1');
  });

  it('startGuest again keeps the guest; signed in as a user it throws and sends nothing', async () => {
    const { client } = browser.tab();
    await client.startGuest();
    const guestId = client.getState().session?.id;
    await client.startGuest();
    expect(client.getState().session?.id).toBe(guestId);
    await client.logout();
    await client.login(ADA);
    const starts = () => browser.server.requests.filter((r) => r.path === '/api/auth/anonymous');
    expect(starts()).toHaveLength(1);
    await expect(client.startGuest()).rejects.toThrow(/logout\(\) first/);
    expect(starts()).toHaveLength(1);
    expect(client.getState()).toMatchObject({ user: { id: 'u1' }, session: { kind: 'user' } });
  });

  it('reads and updates the data with PATCH at the version last read', async () => {
    const { client } = browser.tab();
    await client.startGuest();
    expect(await client.getSessionData()).toMatchObject({ data: {}, version: 0 });
    const next = await client.updateSessionData({ version: 0, set: { cart: ['sku-1'] } });
    expect(next).toMatchObject({ data: { cart: ['sku-1'] }, version: 1 });
    const patch = browser.server.requests.find(
      (r) => r.path === '/api/auth/session/data' && r.method === 'PATCH',
    );
    expect(patch?.headers.get('content-type')).toBe('application/json');
    expect(patch?.headers.get('authorization')).toMatch(/^Bearer at-/);
    expect(patch?.body).toEqual({ version: 0, set: { cart: ['sku-1'] } });
  });

  it('a stale version rejects with kind version_conflict; too much data with quota_exceeded', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    await client.updateSessionData({ version: 0, set: { a: 1 } });
    const conflict = await client
      .updateSessionData({ version: 0, set: { a: 2 } })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(SessionClientError);
    expect(conflict).toMatchObject({ kind: 'version_conflict', code: 'version_conflict' });
    browser.server.override('/api/auth/session/data', () =>
      browser.server.problem(413, 'quota_exceeded'),
    );
    await expect(client.updateSessionData({ version: 1, set: { b: 1 } })).rejects.toMatchObject({
      kind: 'quota_exceeded',
      status: 413,
    });
    expect(client.getState().status).toBe('signed-in');
  });

  it('cookie: login after a guest session merges the guest data (the cookie carries the guest)', async () => {
    const { client } = browser.tab();
    await client.startGuest();
    await client.updateSessionData({ version: 0, set: { cart: ['sku-1'] } });
    await client.login(ADA);
    expect(client.getState()).toMatchObject({ user: { id: 'u1' }, session: { kind: 'user' } });
    expect((await client.getSessionData()).data).toEqual({ cart: ['sku-1'] });
  });

  it('bearer: login sends the guest refresh token as anonymousRefreshToken', async () => {
    const storage = memoryStorage();
    const { client } = browser.tab({ ...MOBILE, transport: 'bearer', storage });
    await client.startGuest();
    const guestToken = await storage.get(REFRESH_TOKEN_KEY);
    expect(guestToken).toMatch(/^rt-/);
    await client.updateSessionData({ version: 0, set: { theme: 'dark' } });
    await client.login(ADA);
    const login = browser.server.requests.find((r) => r.path === '/api/auth/login');
    expect(login?.body).toMatchObject({ transport: 'bearer', anonymousRefreshToken: guestToken });
    expect((await client.getSessionData()).data).toEqual({ theme: 'dark' });
    expect(await storage.get(REFRESH_TOKEN_KEY)).not.toBe(guestToken);
  });

  it('bearer: a signed-in user logging in again sends no anonymousRefreshToken', async () => {
    const { client } = browser.tab({ ...MOBILE, transport: 'bearer' });
    await client.login(ADA);
    await client.login(ADA);
    const logins = browser.server.requests.filter((r) => r.path === '/api/auth/login');
    expect(logins[1]?.body).not.toHaveProperty('anonymousRefreshToken');
  });
});
