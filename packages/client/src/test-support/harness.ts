import { afterEach, beforeEach, vi } from 'vitest';
import { createSessionClient } from '../session-client.ts';
import type { EventTargetLike, SessionClient, SessionClientOptions } from '../types.ts';
import { createFakeServer, type FakeServerOptions } from './fake-server.ts';
import {
  createChannelHub,
  createFakeDocument,
  createFakeLocks,
  createMemoryLocalStorage,
} from './fakes.ts';

export const BASE = 'https://api.test';
export const ADA = { email: 'ada@example.com', password: 'pw-ada' };
export const BOB = { email: 'bob@example.com', password: 'pw-bob' };
/** Tab overrides for a mobile app: no BroadcastChannel, Web Locks, window or document. */
export const MOBILE = { createChannel: null, locks: null, window: null, document: null } as const;

/** One fake "browser": a server, a cookie jar, a BroadcastChannel hub, Web Locks, localStorage. */
export function createBrowser(
  server: Partial<FakeServerOptions> = {},
  options: { channelDelayMs?: number } = {},
) {
  const srv = createFakeServer({ now: () => Date.now(), ...server });
  const hub = createChannelHub(options.channelDelayMs);
  const locks = createFakeLocks();
  const localStorage = createMemoryLocalStorage();
  const clients: SessionClient[] = [];
  return {
    server: srv,
    hub,
    locks,
    localStorage,
    /** A new tab (client) in this browser. */
    tab(overrides: Partial<SessionClientOptions> = {}) {
      const win = new EventTarget();
      const document = createFakeDocument();
      const reload = vi.fn();
      const client = createSessionClient({
        baseUrl: BASE,
        transport: 'cookie',
        fetch: srv.fetch,
        now: () => Date.now(),
        createChannel: hub.create,
        locks,
        reload,
        draftStorage: localStorage,
        window: win as unknown as EventTargetLike,
        document: document.doc,
        ...overrides,
      });
      clients.push(client);
      const fire = (type: string) => win.dispatchEvent(new Event(type));
      return { client, win, document, reload, fire };
    },
    disposeAll() {
      for (const c of clients) c.dispose();
    },
  };
}

/** Lets queued microtasks (channel deliveries, promise chains) run. */
export async function flush(times = 20): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}

type Browser = ReturnType<typeof createBrowser>;

/**
 * For every test of the calling suite: fake timers from a fixed instant and a fresh browser,
 * disposed after the test. The returned object always reaches the current test's browser;
 * `replace` swaps it for one built with other options.
 */
export function useFakeBrowser(): Browser & {
  replace(...args: Parameters<typeof createBrowser>): void;
} {
  let current: Browser | undefined;
  const get = () => {
    if (!current) throw new Error('useFakeBrowser: the browser exists only inside a test');
    return current;
  };
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    current = createBrowser();
  });
  afterEach(() => {
    current?.disposeAll();
    current = undefined;
    vi.useRealTimers();
  });
  return {
    get server() {
      return get().server;
    },
    get hub() {
      return get().hub;
    },
    get locks() {
      return get().locks;
    },
    get localStorage() {
      return get().localStorage;
    },
    tab: (overrides) => get().tab(overrides),
    disposeAll: () => get().disposeAll(),
    replace(...args) {
      get().disposeAll();
      current = createBrowser(...args);
    },
  };
}
