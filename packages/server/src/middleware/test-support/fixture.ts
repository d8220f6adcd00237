import type { RevocationFeed, SessionEngine } from '@tessera/core';
import { createMemoryStore, createSessionEngine } from '@tessera/core';

/** A clock the test moves by hand. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** An in-process revocation feed whose health the test controls (fail-closed checks). */
export function switchableFeed(): RevocationFeed & { healthy: boolean } {
  const listeners = new Set<(r: Parameters<RevocationFeed['publish']>[0]) => void>();
  return {
    healthy: true,
    isHealthy() {
      return this.healthy;
    },
    async publish(revoked) {
      for (const listener of listeners) listener(revoked);
    },
    async subscribe(listener) {
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
      };
    },
  };
}

type MemoryStore = ReturnType<typeof createMemoryStore>;

export interface Fixture {
  engine: SessionEngine;
  store: MemoryStore;
  clock: FakeClock;
  feed: ReturnType<typeof switchableFeed>;
  /** Sign a user in; returns the access token and the session id. */
  signIn(roles?: string[]): Promise<{ token: string; sessionId: string; userId: string }>;
  /** Start a guest session (POST /anonymous); returns its access token. */
  startGuest(): Promise<{ token: string; sessionId: string }>;
}

/** A real engine on the in-memory store, with a fake clock and a controllable feed. */
export function createFixture(): Fixture {
  const store = createMemoryStore();
  const clock = fakeClock();
  const feed = switchableFeed();
  const engine = createSessionEngine({
    store,
    keyStore: store,
    clock,
    revocationFeed: feed,
    accessTtl: '5m',
    idleTimeout: '30m',
    activityWriteInterval: '60s',
  });
  let users = 0;
  return {
    engine,
    store,
    clock,
    feed,
    async signIn(roles = ['user']) {
      users += 1;
      const userId = `user-${users}`;
      const issued = await engine.signIn({
        user: { id: userId, roles },
        rememberMe: false,
        device: { type: 'desktop', name: 'Test', browser: null, os: null, userAgent: null },
        ip: '127.0.0.1',
        location: null,
      });
      return { token: issued.accessToken, sessionId: issued.session.id, userId };
    },
    async startGuest() {
      const issued = await engine.startAnonymous({
        device: { type: 'desktop', name: 'Test', browser: null, os: null, userAgent: null },
        ip: '127.0.0.1',
        location: null,
      });
      return { token: issued.accessToken, sessionId: issued.session.id };
    },
  };
}

/** The same claims as `token` but with `alg: none` and no signature (RFC 8725 §2.1). */
export function algNone(token: string): string {
  const [header = '', payload = ''] = token.split('.');
  const decoded = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  const none = Buffer.from(JSON.stringify({ ...decoded, alg: 'none' })).toString('base64url');
  return `${none}.${payload}.`;
}
