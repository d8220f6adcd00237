import { sessionFixture, T0, tokenFor, tokenHash } from '@tessera/store-testkit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.ts';
import { SEND_EARLY_AT } from '../src/internal/worker-runner.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('group-commit');
const open: SqliteStore[] = [];

async function freshStore(
  options: { groupCommit?: boolean; busyTimeoutMs?: number; worker?: boolean } = {},
) {
  const filename = temp.file();
  const store = createSqliteStore({ filename, ...options });
  open.push(store);
  await store.migrate();
  return { store, filename };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const rotation = (sessionId: string, expectedVersion: number, hash: string) => ({
  sessionId,
  expectedVersion,
  newToken: { hash, sessionId, generation: 2, issuedAt: T0 + 1 },
  refreshGraceUntil: T0 + 30_000,
  refreshExpiresAt: T0 + 3_600_000,
});

/**
 * `count` rotations of one session at the same version, all in one turn: the winners and the
 * store's counters over them.
 */
async function concurrentRotations(store: SqliteStore, count: number) {
  const session = sessionFixture();
  await store.create(session, tokenFor(session));
  const before = store.stats();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => store.rotate(rotation(session.id, 1, `h_${i}`))),
  );
  const after = store.stats();
  return {
    winners: results.filter((r) => r !== null).length,
    transactions: after.transactions - before.transactions,
    operations: after.operations - before.operations,
    largestBatch: after.largestBatch,
    replayed: after.replayed - before.replayed,
  };
}

describe('group commit', () => {
  it('puts 50 concurrent rotations of one turn in one transaction with exactly one winner', async () => {
    const { store } = await freshStore({ worker: false });
    const run = await concurrentRotations(store, 50);
    expect(run.winners).toBe(1);
    expect(run.transactions).toBe(1);
    expect(run.operations).toBe(50);
    expect(run.largestBatch).toBe(50);
    // Losing a compare-and-set is not a failure: no op threw, nothing was applied twice.
    expect(run.replayed).toBe(0);
  });

  it('on the SQLite thread, groups them by the message (at most one transaction per message)', async () => {
    const { store } = await freshStore();
    const run = await concurrentRotations(store, 50);
    expect(run.winners).toBe(1);
    // Sent 16 at a time as they queued: the thread takes whatever messages are waiting when it
    // starts a round, so how many rounds depends on timing, never more than the messages.
    expect(run.transactions).toBeGreaterThanOrEqual(1);
    expect(run.transactions).toBeLessThanOrEqual(Math.ceil(50 / SEND_EARLY_AT));
    expect(run.operations).toBe(50);
    expect(run.largestBatch).toBeGreaterThanOrEqual(SEND_EARLY_AT);
    expect(run.replayed).toBe(0);
  });

  it('without group commit every write is its own transaction, still one winner', async () => {
    const { store } = await freshStore({ groupCommit: false });
    const run = await concurrentRotations(store, 20);
    expect(run.winners).toBe(1);
    expect(run.transactions).toBe(20);
  });

  it('a failing op in a batch rejects alone; the others in the same transaction commit', async () => {
    const { store } = await freshStore();
    const a = sessionFixture({ id: 'sess_a', refreshTokenHash: tokenHash('sess_a', 1) });
    await store.create(a, tokenFor(a));
    const before = store.stats().transactions;
    const b = sessionFixture({ id: 'sess_b', refreshTokenHash: tokenHash('sess_b', 1) });
    const [dup, rotated, created] = await Promise.allSettled([
      store.create(a, { ...tokenFor(a), hash: 'h_new' }),
      store.rotate(rotation(a.id, 1, 'h_rotated')),
      store.create(b, tokenFor(b)),
    ]);
    expect(store.stats().transactions - before).toBe(1);
    expect(store.stats().replayed).toBe(1);
    expect(dup).toMatchObject({ status: 'rejected', reason: { code: 'invalid_request' } });
    expect(rotated).toMatchObject({ status: 'fulfilled', value: { version: 2 } });
    expect(created.status).toBe('fulfilled');
    expect(await store.findRefreshToken(a.id, 'h_new')).toBeNull();
    expect(await store.findRefreshToken(a.id, 'h_rotated')).not.toBeNull();
    expect(await store.get('sess_b')).toEqual(b);
  });

  it('an op that fails after its first statement leaves nothing behind; the batch commits', async () => {
    const { store } = await freshStore();
    const a = sessionFixture({ id: 'sess_a', refreshTokenHash: tokenHash('sess_a', 1) });
    const b = sessionFixture({ id: 'sess_b', refreshTokenHash: tokenHash('sess_b', 1) });
    await store.create(a, tokenFor(a));
    await store.create(b, tokenFor(b));
    // Rotating `a` to a token it already has: the UPDATE succeeds, then the INSERT fails.
    const [clash, rotatedB] = await Promise.allSettled([
      store.rotate(rotation(a.id, 1, tokenFor(a).hash)),
      store.rotate(rotation(b.id, 1, 'h_b2')),
    ]);
    expect(clash).toMatchObject({ status: 'rejected', reason: { code: 'invalid_request' } });
    expect(rotatedB).toMatchObject({ status: 'fulfilled', value: { version: 2 } });
    expect(await store.get(a.id)).toEqual(a); // the UPDATE of the failed rotation is undone
    expect(await store.rotate(rotation(a.id, 1, 'h_a2'))).toMatchObject({ version: 2 });
  });

  it('when the transaction cannot commit every write in it rejects as unavailable', async () => {
    const { store, filename } = await freshStore({ busyTimeoutMs: 20 });
    const session = sessionFixture();
    await store.create(session, tokenFor(session));
    const other = new Database(filename);
    other.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    try {
      const results = await Promise.allSettled([
        store.rotate(rotation(session.id, 1, 'h_1')),
        store.touch([
          { sessionId: session.id, lastActiveAt: T0 + 1, requestCount: 1, bytesSent: 0 },
        ]),
      ]);
      for (const r of results) {
        expect(r).toMatchObject({ status: 'rejected', reason: { code: 'unavailable' } });
      }
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.get(session.id)).toEqual(session);
    expect(await store.rotate(rotation(session.id, 1, 'h_2'))).toMatchObject({ version: 2 });
  });

  it('close() applies writes still queued before closing the file', async () => {
    const { store, filename } = await freshStore();
    const session = sessionFixture();
    await store.create(session, tokenFor(session));
    const pending = store.rotate(rotation(session.id, 1, 'h_late'));
    await store.close();
    expect(await pending).toMatchObject({ version: 2 });
    const reopened = createSqliteStore({ filename });
    open.push(reopened);
    expect(await reopened.findRefreshToken(session.id, 'h_late')).toMatchObject({ generation: 2 });
  });
});
