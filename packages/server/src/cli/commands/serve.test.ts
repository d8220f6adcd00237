import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.ts';
import { openStore } from '../open-store.ts';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { startServer } from './serve.ts';

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
    const listed = await h.run(['users', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
  });
});
