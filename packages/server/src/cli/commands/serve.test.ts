import type { JobLock } from '@tessera/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.ts';
import { fakeClock } from '../../middleware/test-support/fixture.ts';
import { openStore } from '../open-store.ts';
import { createHarness, type Harness, signIn } from '../test-support/harness.ts';
import { runCleanup, startServer } from './serve.ts';

describe('tessera serve', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('sqlite');
  });
  afterEach(async () => {
    await h.dispose();
  });

  it('starts on port 0, answers /healthz over a real socket and stops on the signal', async () => {
    const stop = new AbortController();
    let url = '';
    let listening!: () => void;
    const started = new Promise<void>((resolve) => {
      listening = resolve;
    });
    const exit = h.run(['serve', '--port', '0'], {
      io: {
        signal: stop.signal,
        onListening: (u) => {
          url = u;
          listening();
        },
      },
    });
    await Promise.race([started, exit]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    stop.abort();
    const result = await exit;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`listening on ${url}`);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('startServer seeds users and records the client address from the socket', async () => {
    const config = loadConfig({ ...h.env, TESSERA_PORT: '0', TESSERA_COOKIE_SECURE: 'false' });
    const server = await startServer(config, {
      seedUsers: [{ email: 'demo@example.com', password: 'demo password', roles: ['user'] }],
      log: () => {},
      openStore: (urls) => openStore(urls),
    });
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({
          email: 'demo@example.com',
          password: 'demo password',
          transport: 'bearer',
        }),
      });
      expect(login.status).toBe(200);
      const body = (await login.json()) as { session: { ip: string | null } };
      expect(body.session.ip).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
    // A second start with the same seed keeps the existing user (idempotent restarts).
    const again = await startServer(config, {
      seedUsers: [{ email: 'demo@example.com', password: 'other password', roles: ['user'] }],
      log: () => {},
    });
    await again.close();
    // A busy port is reported as a configuration error naming TESSERA_PORT.
    const busy = await startServer(config, { log: () => {} });
    const port = new URL(busy.url).port;
    const clash = await h.run(['serve', '--port', port]);
    await busy.close();
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('TESSERA_PORT');
    const listed = await h.run(['users', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
  });
});

describe('startServer({ mount })', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('sqlite');
  });
  afterEach(async () => {
    await h.dispose();
  });

  it('builds the app’s handlers with the started engine and serves them over the socket', async () => {
    const config = loadConfig({ ...h.env, TESSERA_PORT: '0' });
    const clock = fakeClock(Date.now());
    let seen: { started: boolean; clock: unknown } | undefined;
    const server = await startServer(config, {
      log: () => {},
      clock,
      mount: ({ engine, clock: given }) => {
        seen = { started: engine.started, clock: given };
        return [
          { path: '/api/app', fetch: (req) => Response.json({ path: new URL(req.url).pathname }) },
        ];
      },
    });
    try {
      expect(seen).toEqual({ started: true, clock });
      const res = await fetch(`${server.url}/api/app/ping`);
      expect(await res.json()).toEqual({ path: '/ping' });
    } finally {
      await server.close();
    }
  });
});

describe('runCleanup', () => {
  it('runs only when the job lock is free, and releases it afterwards', async () => {
    const held = new Set<string>();
    const lock: JobLock = {
      tryAcquire: async (name) => {
        if (held.has(name)) return false;
        held.add(name);
        return true;
      },
      release: async (name) => {
        held.delete(name);
      },
    };
    const h = await createHarness('memory');
    const past = await h.open(fakeClock(Date.now() - 40 * 24 * 60 * 60 * 1000));
    const ended = await signIn(past.engine, 'u1');
    await past.close();
    const side = await h.open();
    try {
      held.add('tessera:cleanup'); // another instance is cleaning up
      expect(await runCleanup(side.engine, lock)).toBe(0);
      expect(await side.stores.store.get(ended.sessionId)).not.toBeNull();
      held.clear();
      expect(await runCleanup(side.engine, lock)).toBe(1);
      expect(held.size).toBe(0);
      expect(await side.stores.store.get(ended.sessionId)).toBeNull();
    } finally {
      await side.close();
      await h.dispose();
    }
  });
});
