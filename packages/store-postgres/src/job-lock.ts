import type { JobLock } from '@tessera/core';
import pg from 'pg';
import { LOCK_CLASS_ID, lockObjectName } from './internal/advisory-lock.ts';
import { onPoolClose } from './internal/close-hooks.ts';
import { guard } from './internal/unavailable.ts';

export interface PostgresJobLock extends JobLock {
  /** Release every lock held through this object (the store's close() does it too). */
  close(): Promise<void>;
}

interface Held {
  client: pg.PoolClient;
  timer: ReturnType<typeof setTimeout>;
  onError: () => void;
}

/**
 * JobLock over PostgreSQL session-level advisory locks (`pg_try_advisory_lock`), each held on
 * its own pooled connection for as long as the job runs:
 * - another instance's tryAcquire returns false at once (never waits);
 * - if the holder crashes or loses its connection, PostgreSQL drops the lock with the
 *   session, so a dead holder never blocks the job for long;
 * - `ttlMs` caps how long a live holder keeps it: the lock is released after `ttlMs` even
 *   without release() (a hung job does not stop the cleanup forever).
 * Each held lock occupies one pool connection; size the pool for it. Lock keys are scoped to
 * the store's schema (see advisory-lock.ts). With a bare pool, `schema` names the scope.
 */
export function createPostgresJobLock(
  source: { pool: pg.Pool; schema: string } | pg.Pool,
  options: { schema?: string } = {},
): PostgresJobLock {
  const pool = source instanceof pg.Pool ? source : source.pool;
  const schema = source instanceof pg.Pool ? (options.schema ?? 'public') : source.schema;
  const held = new Map<string, Held>();
  const acquiring = new Set<string>();

  async function release(name: string): Promise<void> {
    const entry = held.get(name);
    if (!entry) return;
    held.delete(name);
    clearTimeout(entry.timer);
    entry.client.removeListener('error', entry.onError);
    try {
      await entry.client.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [
        LOCK_CLASS_ID,
        lockObjectName(schema, name),
      ]);
      entry.client.release();
    } catch (error) {
      // The connection is gone, and the lock with it: discard the client.
      entry.client.release(error instanceof Error ? error : true);
    }
  }

  async function tryLock(client: pg.PoolClient, name: string, ttlMs: number): Promise<boolean> {
    const result = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok',
      [LOCK_CLASS_ID, lockObjectName(schema, name)],
    );
    if (result.rows[0]?.ok !== true) return false;
    const timer = setTimeout(() => void release(name), ttlMs);
    timer.unref();
    // A lost connection has lost the lock: forget it so a later tryAcquire can take it again.
    const onError = () => {
      if (held.get(name)?.client !== client) return;
      held.delete(name);
      clearTimeout(timer);
      client.release(true);
    };
    client.on('error', onError);
    held.set(name, { client, timer, onError });
    return true;
  }

  const unregister = onPoolClose(pool, () => releaseAll());
  async function releaseAll(): Promise<void> {
    await Promise.allSettled([...held.keys()].map((name) => release(name)));
  }

  return {
    async tryAcquire(name, ttlMs) {
      if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) {
        throw new RangeError('ttlMs must be a positive integer');
      }
      if (held.has(name) || acquiring.has(name)) return false;
      acquiring.add(name);
      try {
        return await guard('jobLock.tryAcquire', async () => {
          const client = await pool.connect();
          try {
            const taken = await tryLock(client, name, ttlMs);
            if (!taken) client.release();
            return taken;
          } catch (error) {
            client.release(error instanceof Error ? error : true);
            throw error;
          }
        });
      } finally {
        acquiring.delete(name);
      }
    },
    release,
    async close() {
      unregister();
      await releaseAll();
    },
  };
}
