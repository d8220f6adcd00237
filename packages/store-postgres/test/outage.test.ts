import { StoreUnavailableError } from '@tessera/core';
import { sessionFixture, T0, tokenFor } from '@tessera/store-testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../src/index.ts';
import { postgresAvailable, startTcpProxy, type TcpProxy } from '../test-support/index.ts';
import { useTestDatabase } from './use-test-database.ts';

const hasPostgres = await postgresAvailable();

/** How long a call took and how it ended. */
async function timed(call: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await call();
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe.skipIf(!hasPostgres)(
  'PostgreSQL outage (a TCP proxy between the store and the server)',
  () => {
    const database = useTestDatabase('outage');
    let proxy: TcpProxy;
    let store: PostgresStore;
    let n = 0;

    beforeEach(async () => {
      n += 1;
      const url = new URL(database.url());
      proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      store = createPostgresStore({
        connectionString: proxy.rewrite(database.url()),
        schema: `outage_${n}`,
        statementTimeoutMs: 500,
        pool: { max: 4, connectionTimeoutMs: 500 },
      });
      await store.migrate();
      const session = sessionFixture();
      await store.create(session, tokenFor(session));
    });
    afterEach(async () => {
      await store.close();
      await proxy.close();
    });

    it('cut: calls reject promptly with StoreUnavailableError; restored: they succeed, no data lost', async () => {
      expect(await store.get('sess_1')).toMatchObject({ id: 'sess_1' }); // a pooled connection exists
      await proxy.cut();
      for (const call of [
        () => store.get('sess_1'),
        () => store.ping(),
        () => store.revoke({ sessionId: 'sess_1', reason: 'logout', at: T0 + 1 }),
        () => store.listForUser('user_1', T0),
      ]) {
        const { ms, error } = await timed(call);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(error).toMatchObject({ code: 'unavailable' });
        expect((error as Error).cause).toBeDefined();
        expect(ms).toBeLessThan(1500);
      }
      await proxy.restore();
      // The pool replaces its dead connections by itself.
      await store.ping();
      expect(await store.get('sess_1')).toEqual(sessionFixture());
      expect(
        await store.revoke({ sessionId: 'sess_1', reason: 'logout', at: T0 + 1 }),
      ).toMatchObject({
        revokedReason: 'logout',
      });
    });

    it('blackhole (no reply at all): calls give up within the timeouts, then recover', async () => {
      await store.ping();
      proxy.blackhole();
      // An open connection waits for the read timeout (statement timeout + 1 s)...
      const held = await timed(() => store.get('sess_1'));
      expect(held.error).toBeInstanceOf(StoreUnavailableError);
      expect(held.ms).toBeLessThan(3000);
      // ...and new connections for the connection timeout.
      const fresh = await Promise.all([1, 2, 3, 4, 5].map(() => timed(() => store.ping())));
      for (const r of fresh) {
        expect(r.error).toBeInstanceOf(StoreUnavailableError);
        expect(r.ms).toBeLessThan(3000);
      }
      await proxy.restore();
      expect(await store.get('sess_1')).toMatchObject({ id: 'sess_1', version: 1 });
    });

    it('an unreachable server at start-up is StoreUnavailableError, for migrate() too', async () => {
      await proxy.cut();
      const fresh = createPostgresStore({
        connectionString: proxy.rewrite(database.url()),
        pool: { connectionTimeoutMs: 500 },
      });
      try {
        await expect(fresh.migrate()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(fresh.findByEmail('a@example.com')).rejects.toMatchObject({
          code: 'unavailable',
        });
      } finally {
        await fresh.close();
      }
    });

    it('after close(), calls throw StoreUnavailableError', async () => {
      await store.close();
      await expect(store.get('sess_1')).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  },
);
