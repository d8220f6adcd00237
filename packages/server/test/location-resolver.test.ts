import { createMemoryStore, createSessionEngine } from '@tessera/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTesseraApp, hashPassword, loadConfig } from '../src/index.ts';
import { auth, json, PASSWORD } from './support/harness.ts';

async function appWith(resolve: () => Promise<string | null> | string | null) {
  const store = createMemoryStore();
  const engine = createSessionEngine({ store, keyStore: store });
  const logs: string[] = [];
  const service = createTesseraApp({
    engine,
    users: store,
    config: loadConfig({ TESSERA_DATA_KEY: Buffer.alloc(32, 1).toString('base64') }),
    logger: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    locationResolver: { resolve },
  });
  await store.create({
    id: 'u1',
    email: 'loc@example.com',
    passwordHash: await hashPassword(PASSWORD),
    roles: [],
    disabled: false,
    createdAt: Date.now(),
    passwordChangedAt: Date.now(),
  });
  const login = () =>
    service.app.request(
      `https://auth.example.com${auth('/login')}`,
      json({ email: 'loc@example.com', password: PASSWORD, transport: 'bearer' }),
      { incoming: { socket: { remoteAddress: '192.0.2.5' } } },
    );
  return {
    login,
    logs,
    close: async () => {
      await service.close();
      await engine.close();
    },
  };
}

describe('a failing LocationResolver', () => {
  for (const [name, resolve] of [
    [
      'throws',
      () => {
        throw new Error('geo lookup down: api key k-123');
      },
    ],
    ['rejects', () => Promise.reject(new Error('geo lookup down: api key k-123'))],
  ] as const) {
    it(`${name}: login still succeeds with location null, and the failure is logged without its message`, async () => {
      const t = await appWith(resolve);
      try {
        const res = await t.login();
        expect(res.status).toBe(200);
        const body = (await res.json()) as { session: { location: string | null } };
        expect(body.session.location).toBeNull();
        const line = t.logs.find((l) => l.includes('location resolver failed'));
        expect(line).toBeDefined();
        expect(line).not.toContain('k-123');
      } finally {
        await t.close();
      }
    });
  }
});
