import { MINUTE, sessionFixture, T0, tokenHash } from '@tessera/store-testkit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('migration-0003');
const open: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function migratedStore(filename = temp.file()): Promise<SqliteStore> {
  const store = createSqliteStore({ filename });
  open.push(store);
  await store.migrate();
  return store;
}

/** Name and columns of every index on `sessions` (automatic ones excluded). */
function sessionIndexes(filename: string): Record<string, string[]> {
  const db = new Database(filename, { readonly: true });
  try {
    const names = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' AND sql IS NOT NULL ORDER BY name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      names.map(({ name }) => [
        name,
        (db.pragma(`index_info(${name})`) as { name: string | null }[]).map(
          (c) => c.name ?? '(expression)',
        ),
      ]),
    );
  } finally {
    db.close();
  }
}

async function createSession(store: SqliteStore, id: string, lastActiveAt: number) {
  await store.create(
    sessionFixture({ id, userId: 'user_1', lastActiveAt, refreshTokenHash: tokenHash(id, 1) }),
    { hash: tokenHash(id, 1), sessionId: id, generation: 1, issuedAt: T0 },
  );
}

describe('migration 0003: the per-user index without last_active_at', () => {
  it('a fresh file indexes sessions by user alone', async () => {
    const filename = temp.file();
    await migratedStore(filename);
    const indexes = sessionIndexes(filename);
    expect(indexes.sessions_user).toEqual(['user_id']);
    expect(indexes).not.toHaveProperty('sessions_user_active');
  });

  it('replaces the 0002 index of a file, keeping its sessions and their newest-first order', async () => {
    const filename = temp.file();
    const setup = await migratedStore(filename);
    await createSession(setup, 'sess_a', T0 + MINUTE);
    await createSession(setup, 'sess_b', T0 + 2 * MINUTE);
    await setup.close();
    // Roll the file back to 0002.
    const db = new Database(filename);
    db.exec(`DROP INDEX sessions_user;
      CREATE INDEX sessions_user_active ON sessions (user_id, last_active_at DESC);
      DELETE FROM tessera_migrations WHERE name = '0003_user_index_without_activity';`);
    db.close();
    const store = await migratedStore(filename);
    const indexes = sessionIndexes(filename);
    expect(indexes.sessions_user).toEqual(['user_id']);
    expect(indexes).not.toHaveProperty('sessions_user_active');
    const listed = await store.listForUser('user_1', T0 + 3 * MINUTE);
    expect(listed.map((s) => s.id)).toEqual(['sess_b', 'sess_a']);
  });

  it('a rotation writes three pages: the session row, its deadline index entry and the new token', async () => {
    const filename = temp.file();
    const store = await migratedStore(filename);
    await createSession(store, 'sess_a', T0);
    const probe = new Database(filename);
    // A complete checkpoint: the next commit starts the WAL over, so afterwards the WAL holds
    // exactly the pages that commit wrote.
    const walFrames = () => (probe.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
    walFrames();
    const rotated = await store.rotate({
      sessionId: 'sess_a',
      expectedVersion: 1,
      newToken: { hash: tokenHash('sess_a', 2), sessionId: 'sess_a', generation: 2, issuedAt: T0 },
      refreshGraceUntil: T0 + MINUTE,
      refreshExpiresAt: T0 + 60 * MINUTE,
      lastActiveAt: T0 + MINUTE,
      idleExpiresAt: T0 + 30 * MINUTE,
    });
    expect(rotated?.lastActiveAt).toBe(T0 + MINUTE);
    // With last_active_at in the per-user index, a fourth: that index's entry moved.
    expect(walFrames()).toBe(3);
    probe.close();
  });
});
