import { createMemoryStore, createSessionEngine } from '@tessera/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTesseraApp, loadConfig } from '../src/index.ts';
import { fakeClock } from './support/harness.ts';

const device = { type: 'desktop', name: 'T', browser: null, os: null, userAgent: null } as const;

describe('active_sessions with a store that counts', () => {
  it('reports the store count across instances, cached for 10 s', async () => {
    const store = createMemoryStore();
    const clock = fakeClock();
    const config = loadConfig({ TESSERA_DATA_KEY: Buffer.alloc(32, 3).toString('base64') });
    // Two instances on one store; sign-ins happen on `a`, the scrape on `b`.
    const engines = [0, 1].map(() => createSessionEngine({ store, keyStore: store, clock }));
    const [a, b] = engines as [(typeof engines)[0], (typeof engines)[0]];
    const service = createTesseraApp({
      engine: b,
      users: store,
      config,
      clock,
      logger: pino({ level: 'silent' }),
      countLiveSessions: async (now) => (await store.countLive?.(now)) ?? 0,
    });
    const gauge = async () => {
      const text = await (await service.app.request('https://auth.example.com/metrics')).text();
      return Number(/^active_sessions (\d+)$/m.exec(text)?.[1]);
    };
    const signIn = () =>
      a.signIn({
        user: { id: 'u', roles: [] },
        rememberMe: false,
        device,
        ip: null,
        location: null,
      });
    try {
      const first = await signIn();
      expect(await gauge()).toBe(1);
      await signIn();
      expect(await gauge()).toBe(1); // cached
      clock.advance(10_000);
      expect(await gauge()).toBe(2);
      await a.revokeSession(first.session.id, 'admin');
      clock.advance(10_000);
      expect(await gauge()).toBe(1);
    } finally {
      await service.close();
      for (const engine of engines) await engine.close();
    }
  });
});
