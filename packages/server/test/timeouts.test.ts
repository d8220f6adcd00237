import { afterEach, describe, expect, it } from 'vitest';
import {
  auth,
  bearer,
  createHarness,
  type Harness,
  json,
  login,
  PASSWORD,
} from './support/harness.ts';

let h: Harness;
afterEach(async () => h.close());
const MIN = 60_000;

describe('timeouts (fake clock)', () => {
  it('idle timeout ⇒ 401 session_idle_timeout on refresh and session-info', async () => {
    h = await createHarness({ TESSERA_IDLE_TIMEOUT: '15m' });
    await h.addUser('alice@example.com');
    const s = await login(h, 'alice@example.com');
    h.clock.advance(16 * MIN);
    const res = await h.request(auth('/refresh'), json({ refreshToken: s.refreshToken }));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'session_idle_timeout' });
  });

  it('activity slides the idle deadline; /session-info does not', async () => {
    h = await createHarness({ TESSERA_IDLE_TIMEOUT: '15m', TESSERA_ACCESS_TTL: '15m' });
    await h.addUser('alice@example.com');
    const s = await login(h, 'alice@example.com');
    const info = async () =>
      (await (
        await h.request(auth('/session-info'), { headers: bearer(s.accessToken) })
      ).json()) as { idleExpiresAt: string; idleTimeoutSeconds: number };
    const before = (await info()).idleExpiresAt;
    h.clock.advance(5 * MIN);
    expect((await info()).idleExpiresAt).toBe(before);
    const extend = await h.request(auth('/extend'), {
      method: 'POST',
      headers: bearer(s.accessToken),
    });
    expect(extend.status).toBe(200);
    const after = (await extend.json()) as { idleExpiresAt: string; idleTimeoutSeconds: number };
    expect(Date.parse(after.idleExpiresAt) - Date.parse(before)).toBe(5 * MIN);
    expect(after.idleTimeoutSeconds).toBe(900);
  });

  it('authenticated requests slide the idle deadline unless marked passive', async () => {
    h = await createHarness({ TESSERA_IDLE_TIMEOUT: '15m', TESSERA_ACTIVITY_WRITE_INTERVAL: '1s' });
    await h.addUser('alice@example.com');
    const s = await login(h, 'alice@example.com');
    const idle = async () => {
      await h.engine.flushActivity();
      return (await h.store.get(s.sessionId))?.idleExpiresAt;
    };
    const start = await idle();
    h.clock.advance(2 * MIN);
    await h.request(auth('/me'), {
      headers: bearer(s.accessToken, { 'session-activity': 'passive' }),
    });
    expect(await idle()).toBe(start);
    await h.request(auth('/me'), { headers: bearer(s.accessToken) });
    expect(await idle()).toBe((start ?? 0) + 2 * MIN);
  });

  it('responses near a deadline carry Session-Expires-At and Session-Idle-Expires-At', async () => {
    h = await createHarness({ TESSERA_IDLE_TIMEOUT: '15m' });
    await h.addUser('alice@example.com');
    const s = await login(h, 'alice@example.com');
    const far = await h.request(auth('/session-info'), { headers: bearer(s.accessToken) });
    expect(far.headers.get('session-idle-expires-at')).toBeNull();
    h.clock.advance(11 * MIN);
    const near = await h.request(auth('/session-info'), { headers: bearer(s.accessToken) });
    expect(near.headers.get('session-idle-expires-at')).toBe('2030-01-01T00:15:00.000Z');
    expect(near.headers.get('session-expires-at')).toBeTruthy();
  });

  it('absolute timeout ⇒ 401 session_expired even with steady activity', async () => {
    h = await createHarness({ TESSERA_IDLE_TIMEOUT: '30m', TESSERA_SHORT_ABSOLUTE_TIMEOUT: '1h' });
    await h.addUser('alice@example.com');
    let token = (await login(h, 'alice@example.com')).refreshToken;
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      h.clock.advance(25 * MIN);
      last = await h.request(auth('/refresh'), json({ refreshToken: token }));
      if (last.status !== 200) break;
      token = ((await last.json()) as { refreshToken: string }).refreshToken;
    }
    expect(last?.status).toBe(401);
    expect(await last?.json()).toMatchObject({ code: 'session_expired' });
  });

  it('per-role idle timeout applies to that role only', async () => {
    h = await createHarness({
      TESSERA_IDLE_TIMEOUT: '30m',
      TESSERA_ROLE_POLICIES: '{"admin":{"idleTimeout":"10m"}}',
    });
    await h.addUser('root@example.com', { roles: ['admin'] });
    await h.addUser('alice@example.com');
    const admin = await login(h, 'root@example.com');
    const user = await login(h, 'alice@example.com');
    h.clock.advance(11 * MIN);
    const a = await h.request(auth('/refresh'), json({ refreshToken: admin.refreshToken }));
    expect(await a.json()).toMatchObject({ code: 'session_idle_timeout' });
    const u = await h.request(auth('/refresh'), json({ refreshToken: user.refreshToken }));
    expect(u.status).toBe(200);
  });
});

describe('concurrent session limit', () => {
  it('reject ⇒ 409 session_limit_reached', async () => {
    h = await createHarness({
      TESSERA_MAX_SESSIONS_PER_USER: '2',
      TESSERA_SESSION_LIMIT_POLICY: 'reject',
    });
    await h.addUser('alice@example.com');
    await login(h, 'alice@example.com');
    await login(h, 'alice@example.com');
    const res = await h.request(
      auth('/login'),
      json({ email: 'alice@example.com', password: PASSWORD }),
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'session_limit_reached' });
  });

  it('evict_oldest ends the oldest with signed_in_elsewhere', async () => {
    h = await createHarness({
      TESSERA_MAX_SESSIONS_PER_USER: '2',
      TESSERA_SESSION_LIMIT_POLICY: 'evict_oldest',
    });
    await h.addUser('alice@example.com');
    const oldest = await login(h, 'alice@example.com');
    h.clock.advance(1000);
    const second = await login(h, 'alice@example.com');
    h.clock.advance(1000);
    await login(h, 'alice@example.com');
    const res = await h.request(auth('/me'), { headers: bearer(oldest.accessToken) });
    expect(await res.json()).toMatchObject({
      code: 'session_revoked',
      reason: 'signed_in_elsewhere',
    });
    expect((await h.request(auth('/me'), { headers: bearer(second.accessToken) })).status).toBe(
      200,
    );
  });
});
