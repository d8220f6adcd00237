import { Cookies } from '@tessera/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  bearer,
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

describe('POST /login', () => {
  it('cookie transport: refresh token only in a Secure HttpOnly SameSite=Strict cookie', async () => {
    const res = await h.request(
      auth('/login'),
      json({ email: 'alice@example.com', password: PASSWORD }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.refreshToken).toBeUndefined();
    expect(typeof body.accessToken).toBe('string');
    expect(body.serverTime).toBe('2030-01-01T00:00:00.000Z');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie.startsWith(`${Cookies.refresh}=`)).toBe(true);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/auth');
    expect(cookie).not.toContain('Max-Age');
    const session = body.session as Record<string, unknown>;
    expect(session.current).toBe(true);
    expect(JSON.stringify(session)).not.toMatch(/hash|token/i);
  });

  it('remember-me cookie is persistent, capped at the refresh expiry', async () => {
    const res = await h.request(
      auth('/login'),
      json({ email: 'alice@example.com', password: PASSWORD, rememberMe: true }),
    );
    const cookie = res.headers.get('set-cookie') ?? '';
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBe(30 * 24 * 3600);
  });

  it('bearer transport: both tokens in the body, no cookie', async () => {
    const { res, body } = await login(h, 'alice@example.com', { transport: 'bearer' });
    expect(typeof body.refreshToken).toBe('string');
    expect(res.headers.get('set-cookie')).toBeNull();
    const me = await h.request(auth('/me'), { headers: bearer(body.accessToken as string) });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('alice@example.com');
  });

  it('insecure cookie mode drops the prefix and Secure (development only)', async () => {
    await h.close();
    h = await createHarness({ TESSERA_COOKIE_SECURE: 'false' });
    await h.addUser('alice@example.com');
    const res = await h.request(
      auth('/login'),
      json({ email: 'alice@example.com', password: PASSWORD }),
    );
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie.startsWith(`${Cookies.refreshInsecure}=`)).toBe(true);
    expect(cookie).not.toContain('Secure');
    expect(refreshCookieOf(res)).toBeNull();
  });

  it('answers wrong password, unknown user and disabled user identically', async () => {
    await h.addUser('bob@example.com', { disabled: true });
    const attempts = [
      { email: 'alice@example.com', password: 'wrong password' },
      { email: 'nobody@example.com', password: PASSWORD },
      { email: 'bob@example.com', password: PASSWORD },
    ];
    const answers = [];
    for (const [i, attempt] of attempts.entries()) {
      const res = await h.request(auth('/login'), { ...json(attempt), ip: `198.51.100.${i + 1}` });
      answers.push({
        status: res.status,
        body: await res.text(),
        www: res.headers.get('www-authenticate'),
      });
    }
    expect(answers[0]?.status).toBe(401);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(JSON.parse(answers[0]?.body ?? '{}').code).toBe('invalid_credentials');
  });

  it('records the device, address and location of the session', async () => {
    await h.close();
    h = await createHarness({ TESSERA_LOCATION_HEADER: 'cf-ipcountry' });
    await h.addUser('alice@example.com');
    const ua =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    const { body } = await login(h, 'alice@example.com', {
      headers: { 'user-agent': ua, 'cf-ipcountry': 'DE' },
      ip: '192.0.2.44',
    });
    const session = body.session as { device: unknown; ip: string; location: string };
    expect(session.device).toEqual({
      type: 'desktop',
      name: 'Chrome on macOS',
      browser: 'Chrome',
      os: 'macOS',
    });
    expect(session.ip).toBe('192.0.2.44');
    expect(session.location).toBe('DE');
  });
});
