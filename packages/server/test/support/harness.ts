// In-process harness: memory store + real engine + the app, a fake clock, captured logs.
import {
  type Clock,
  createMemoryStore,
  createSessionEngine,
  type SessionEngine,
  StoreUnavailableError,
} from '@tessera/core';
import { AUTH_BASE_PATH, Cookies, CSRF_HEADER_VALUE, Headers as H } from '@tessera/protocol';
import { pino } from 'pino';
import {
  createTesseraApp,
  engineOptionsFromConfig,
  hashPassword,
  loadConfig,
  type TesseraApp,
} from '../../src/index.ts';

export const START = Date.parse('2030-01-01T00:00:00.000Z');
export const PASSWORD = 'correct horse battery';

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = START): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

type MemoryStore = ReturnType<typeof createMemoryStore>;

/**
 * The memory store behind a switch: while `down` is true every call throws
 * StoreUnavailableError, which is how a real store reports an outage.
 */
function outageSwitch(store: MemoryStore): { store: MemoryStore; setDown(down: boolean): void } {
  let down = false;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (down) return Promise.reject(new StoreUnavailableError('store is down (test switch)'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store: proxy,
    setDown: (d) => {
      down = d;
    },
  };
}

export interface Harness {
  service: TesseraApp;
  engine: SessionEngine;
  store: MemoryStore;
  clock: FakeClock;
  logs: string[];
  setStoreDown(down: boolean): void;
  request(path: string, init?: RequestInit & { ip?: string }): Promise<Response>;
  addUser(
    email: string,
    options?: { roles?: string[]; disabled?: boolean; password?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

let hashCache: Promise<string> | undefined;

export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const clock = fakeClock();
  const outage = outageSwitch(createMemoryStore());
  const config = loadConfig({ TESSERA_DATA_KEY: Buffer.alloc(32, 7).toString('base64'), ...env });
  const engine = createSessionEngine({
    ...engineOptionsFromConfig(config),
    store: outage.store,
    keyStore: outage.store,
    clock,
  });
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  const service = createTesseraApp({
    engine,
    users: outage.store,
    config,
    logger,
    clock,
    readiness: () => outage.store.ping(),
  });
  let nextId = 1;
  return {
    service,
    engine,
    store: outage.store,
    clock,
    logs,
    setStoreDown: outage.setDown,
    request: async (path, init = {}) => {
      const { ip = '203.0.113.9', ...rest } = init;
      const url = path.startsWith('http') ? path : `https://auth.example.com${path}`;
      return service.app.request(url, rest, { incoming: { socket: { remoteAddress: ip } } });
    },
    async addUser(email, options = {}) {
      const id = `user-${nextId++}`;
      hashCache ??= hashPassword(PASSWORD);
      const passwordHash =
        options.password === undefined ? await hashCache : await hashPassword(options.password);
      await outage.store.create({
        id,
        email,
        passwordHash,
        roles: options.roles ?? ['user'],
        disabled: options.disabled ?? false,
        createdAt: clock.now(),
        passwordChangedAt: clock.now(),
      });
      return id;
    },
    async close() {
      await service.close();
      await engine.close();
    },
  };
}

export const auth = (path: string) => `${AUTH_BASE_PATH}${path}`;

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** Headers a same-origin browser fetch with the SDK sends on cookie-authenticated requests. */
export function cookieHeaders(
  token: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    cookie: `${Cookies.refresh}=${token}`,
    [H.csrf]: CSRF_HEADER_VALUE,
    origin: 'https://auth.example.com',
    'sec-fetch-site': 'same-origin',
    ...extra,
  };
}

/** The refresh token from a Set-Cookie header. */
export function refreshCookieOf(res: Response): string | null {
  const header = res.headers.get('set-cookie') ?? '';
  const match = new RegExp(`${Cookies.refresh.replace(/[-_]/g, '\\$&')}=([^;]*)`).exec(header);
  return match?.[1] || null;
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  res: Response;
  body: Record<string, unknown>;
}

export async function login(
  h: Harness,
  email: string,
  options: {
    transport?: 'cookie' | 'bearer';
    rememberMe?: boolean;
    ip?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<LoginResult> {
  const { transport = 'bearer', rememberMe, ip, headers } = options;
  const res = await h.request(auth('/login'), {
    ...json(
      { email, password: PASSWORD, transport, ...(rememberMe === undefined ? {} : { rememberMe }) },
      headers,
    ),
    ...(ip ? { ip } : {}),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  const refreshToken =
    transport === 'bearer' ? (body.refreshToken as string) : (refreshCookieOf(res) as string);
  return {
    accessToken: body.accessToken as string,
    refreshToken,
    sessionId: (body.session as { id: string }).id,
    res,
    body,
  };
}
