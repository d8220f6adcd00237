import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, makeEngine, mustRefresh, signInInput } from '../../test/helpers.ts';
import { createMemoryStore, type MemoryStore } from '../store/memory-store.ts';

// Two engines on one store stand for two server processes; each keeps its own snapshots.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

/** A memory store that counts the reads a refresh may make. */
function countingStore() {
  const store = createMemoryStore();
  const reads = { get: 0, findRefreshToken: 0 };
  const counting: MemoryStore = Object.assign(Object.create(store) as MemoryStore, {
    get(id: string) {
      reads.get += 1;
      return store.get(id);
    },
    findRefreshToken(id: string, hash: string) {
      reads.findRefreshToken += 1;
      return store.findRefreshToken(id, hash);
    },
  });
  return { store: counting, reads };
}

function twoProcesses(options: Parameters<typeof makeEngine>[0] = {}) {
  const { store, reads } = countingStore();
  const a = makeEngine(options, store);
  const b = makeEngine({ ...options, clock: a.clock }, store);
  cleanups.push(a.close, b.close);
  return { a: a.engine, b: b.engine, clock: a.clock, store, reads };
}

describe('session snapshots: refreshing the current token', () => {
  it('rotates a token this process issued without reading the store', async () => {
    const { a, reads } = twoProcesses();
    const first = await a.signIn(signInInput());
    reads.get = 0;
    const second = await mustRefresh(a, first.refreshToken);
    const third = await mustRefresh(a, second.refreshToken);
    expect(third.session.refreshGeneration).toBe(3);
    expect(reads).toEqual({ get: 0, findRefreshToken: 0 });
    expect((await a.verifyAccessToken(third.accessToken)).ok).toBe(true);
  });

  it('reads the store when disabled (sessionCacheSize: 0) or for a token another process issued', async () => {
    const off = twoProcesses({ sessionCacheSize: 0 });
    const tokens = await off.a.signIn(signInInput());
    off.reads.get = 0;
    await mustRefresh(off.a, tokens.refreshToken);
    expect(off.reads.get).toBe(1);

    const { a, b, reads } = twoProcesses();
    const fromA = await a.signIn(signInInput());
    reads.get = 0;
    const fromB = await mustRefresh(b, fromA.refreshToken);
    expect(reads.get).toBe(1);
    expect(fromB.session.refreshGeneration).toBe(2);
  });

  it('keeps no session data in a snapshot', async () => {
    const { a, store } = twoProcesses();
    const tokens = await a.signIn(signInInput());
    const stored = await store.get(tokens.session.id);
    await store.updateData({
      sessionId: tokens.session.id,
      expectedDataVersion: stored!.dataVersion,
      data: 'sealed-blob',
    });
    let loaded: string | null | undefined;
    const next = await a.refresh(tokens.refreshToken, {
      onSessionLoaded: (session) => {
        loaded = session.data;
      },
    });
    expect(loaded).toBeNull();
    // The answer carries the row the rotation wrote, data included.
    expect(next.ok && next.session.data).toBe('sealed-blob');
  });
});

describe('session snapshots: a stale snapshot never decides', () => {
  it('a session revoked by another process is refused, and no token is issued', async () => {
    const { a, b, store } = twoProcesses();
    const tokens = await a.signIn(signInInput());
    expect(await b.revokeSession(tokens.session.id, 'logout')).toBe(true);
    expect(await a.refresh(tokens.refreshToken)).toEqual({
      ok: false,
      code: 'session_revoked',
      reason: 'logout',
      sessionId: tokens.session.id,
    });
    expect((await store.get(tokens.session.id))?.refreshGeneration).toBe(1);
  });

  it('a token rotated by another process is judged on a fresh read: sibling in the grace window, reuse after', async () => {
    const { a, b, clock } = twoProcesses();
    const tokens = await a.signIn(signInInput());
    const elsewhere = await mustRefresh(b, tokens.refreshToken);
    clock.advance(10_000);
    // A's snapshot still names the first token as current; the store does not.
    const sibling = await mustRefresh(a, tokens.refreshToken);
    expect(sibling.session.refreshGeneration).toBe(elsewhere.session.refreshGeneration);
    expect(sibling.session.refreshGraceUntil).toBe(elsewhere.session.refreshGraceUntil);

    const other = twoProcesses();
    const t = await other.a.signIn(signInInput());
    await mustRefresh(other.b, t.refreshToken);
    other.clock.advance(31_000);
    expect(await other.a.refresh(t.refreshToken)).toEqual({
      ok: false,
      code: 'refresh_token_reused',
      sessionId: t.session.id,
    });
  });

  it('activity written by another process keeps a session alive that the snapshot thinks idle', async () => {
    const { a, b, clock } = twoProcesses({ idleTimeout: '30m' });
    const tokens = await a.signIn(signInInput());
    clock.advance(20 * MINUTE);
    expect((await b.extend(tokens.session.id)).ok).toBe(true); // stored idle deadline: +50 min
    clock.advance(20 * MINUTE); // past A's snapshot deadline (+30 min), before the stored one
    const next = await mustRefresh(a, tokens.refreshToken);
    expect(next.session.refreshGeneration).toBe(2);
  });
});
