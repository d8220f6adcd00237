import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, makeEngine, mustRefresh, signInInput } from '../../test/helpers.ts';
import { SessionLimitError } from '../errors.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { EngineOptions } from './options.ts';
import type { SessionEngine } from './types.ts';

const KEY = new Uint8Array(32).fill(9);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

function setup(options: Partial<EngineOptions> = {}, store = createMemoryStore()) {
  const h = makeEngine({ dataKey: KEY, ...options }, store);
  cleanups.push(h.close);
  return h;
}

const guestInput = () => {
  const { device, ip, location } = signInInput();
  return { device, ip, location };
};

async function guestWith(engine: SessionEngine, set: Record<string, unknown>) {
  const guest = await engine.startAnonymous(guestInput());
  const result = await engine.updateSessionData(guest.session.id, { version: 0, set });
  if (!result.ok) throw new Error(result.code);
  return guest;
}

describe('startAnonymous', () => {
  it('a guest session: kind anonymous, its own random anon: user id, no roles, short lifetime', async () => {
    const { engine, clock } = setup();
    const a = await engine.startAnonymous(guestInput());
    const b = await engine.startAnonymous(guestInput());
    expect(a.session).toMatchObject({ kind: 'anonymous', roles: [], rememberMe: false, aal: 1 });
    expect(a.session.userId).toMatch(/^anon:[A-Za-z0-9_-]{22}$/);
    expect(b.session.userId).not.toBe(a.session.userId);
    expect(a.session.absoluteExpiresAt).toBe(clock.now() + 12 * HOUR);
    expect(a.session.idleExpiresAt).toBe(clock.now() + 15 * 60_000);
    expect((await engine.verifyAccessToken(a.accessToken)).ok).toBe(true);
    expect((await mustRefresh(engine, a.refreshToken)).session.kind).toBe('anonymous');
  });
});

describe('sign-in merges the guest session', () => {
  it('anon: ids are reserved for guests: a user with one, or a guest without one, is refused', async () => {
    const { engine, store, clock } = setup();
    const asUser = signInInput({ user: { id: 'anon:looks-like-a-guest', roles: ['user'] } });
    await expect(engine.signIn(asUser)).rejects.toMatchObject({ code: 'invalid_request' });
    const asGuest = signInInput({ kind: 'anonymous' });
    await expect(engine.signIn(asGuest)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await store.listForUser('anon:looks-like-a-guest', clock.now())).toEqual([]);
    expect(await store.listForUser('user-1', clock.now())).toEqual([]);
  });

  it('guest keys are copied into the new session, sealed for it; the guest is ended (logout)', async () => {
    const { engine, store } = setup();
    const guest = await guestWith(engine, { cart: ['sku-1'], theme: 'dark' });
    const user = await engine.signIn(signInInput({ previousRefreshToken: guest.refreshToken }));
    expect(user.session.kind).toBe('user');
    expect(user.session.dataVersion).toBe(1);
    const read = await engine.readSessionData(user.session.id);
    expect(read).toMatchObject({ ok: true, data: { cart: ['sku-1'], theme: 'dark' }, version: 1 });
    const stored = (await store.get(user.session.id))?.data ?? '';
    expect(stored).not.toContain('sku-1');
    expect(stored).not.toBe((await store.get(guest.session.id))?.data);
    expect(await store.get(guest.session.id)).toMatchObject({ revokedReason: 'logout' });
    expect(await engine.refresh(guest.refreshToken)).toMatchObject({ code: 'session_revoked' });
  });

  it('a guest without data: the guest ends, the new session starts empty', async () => {
    const { engine, store } = setup();
    const guest = await engine.startAnonymous(guestInput());
    const user = await engine.signIn(signInInput({ previousRefreshToken: guest.refreshToken }));
    expect(user.session).toMatchObject({ data: null, dataVersion: 0 });
    expect((await store.get(guest.session.id))?.revokedAt).not.toBeNull();
  });

  it('previousSessionId (trusted caller) merges too', async () => {
    const { engine } = setup();
    const guest = await guestWith(engine, { a: 1 });
    const user = await engine.signIn(signInInput({ previousSessionId: guest.session.id }));
    expect(await engine.readSessionData(user.session.id)).toMatchObject({ data: { a: 1 } });
  });

  it('guest keys that do not fit the cap (lowered since) are skipped, in order', async () => {
    const store = createMemoryStore();
    const wide = setup({}, store);
    const guest = await guestWith(wide.engine, { a: 'x'.repeat(20), big: 'y'.repeat(60), c: 1 });
    // {"a":"x…20"} is 28 bytes; with ,"c":1 it is 34; "big" would pass 40.
    const narrow = setup({ sessionDataMaxBytes: 40, clock: wide.clock }, store);
    const user = await narrow.engine.signIn(
      signInInput({ previousRefreshToken: guest.refreshToken }),
    );
    const read = await narrow.engine.readSessionData(user.session.id);
    expect(read.ok && read.data).toEqual({ a: 'x'.repeat(20), c: 1 });
  });

  it('a stale guest refresh token is reuse: the guest is revoked and nothing is merged', async () => {
    const { engine, store, clock } = setup();
    const guest = await guestWith(engine, { a: 1 });
    await mustRefresh(engine, guest.refreshToken);
    clock.advance(60_000); // past the 30 s grace window
    const user = await engine.signIn(signInInput({ previousRefreshToken: guest.refreshToken }));
    expect(user.session.data).toBeNull();
    expect(await store.get(guest.session.id)).toMatchObject({
      revokedReason: 'refresh_token_reused',
    });
  });

  it('a forged token naming the guest session merges nothing and ends nothing', async () => {
    const { engine, store } = setup();
    const guest = await guestWith(engine, { a: 1 });
    const forged = `${guest.session.id}.${'A'.repeat(43)}`;
    const user = await engine.signIn(signInInput({ previousRefreshToken: forged }));
    expect(user.session.data).toBeNull();
    expect((await store.get(guest.session.id))?.revokedAt).toBeNull();
  });

  it("a user session's refresh token is ignored (not merged, not ended)", async () => {
    const { engine, store } = setup();
    const other = await engine.signIn(signInInput({ user: { id: 'user-2', roles: [] } }));
    await engine.updateSessionData(other.session.id, { version: 0, set: { a: 1 } });
    const user = await engine.signIn(signInInput({ previousRefreshToken: other.refreshToken }));
    expect(user.session.data).toBeNull();
    expect((await store.get(other.session.id))?.revokedAt).toBeNull();
  });

  it('a sign-in refused by the session limit leaves the guest and its data alive', async () => {
    const { engine, store } = setup({ maxSessionsPerUser: 1, sessionLimitPolicy: 'reject' });
    await engine.signIn(signInInput());
    const guest = await guestWith(engine, { a: 1 });
    await expect(
      engine.signIn(signInInput({ previousRefreshToken: guest.refreshToken })),
    ).rejects.toBeInstanceOf(SessionLimitError);
    expect((await store.get(guest.session.id))?.revokedAt).toBeNull();
    expect(await engine.readSessionData(guest.session.id)).toMatchObject({ data: { a: 1 } });
  });
});
