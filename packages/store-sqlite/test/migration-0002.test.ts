import { sessionFixture, tokenHash } from '@tessera/store-testkit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('migration-0002');
const open: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A file as the 0001 schema left it: tokens keyed by hash, with a session_id index. */
async function fileAtSchema0001(): Promise<string> {
  const filename = temp.file();
  const store = createSqliteStore({ filename });
  await store.migrate();
  const session = sessionFixture({ id: 'sess_old', refreshTokenHash: tokenHash('sess_old', 2) });
  await store.create(session, {
    hash: tokenHash('sess_old', 1),
    sessionId: 'sess_old',
    generation: 1,
    issuedAt: 1,
  });
  await store.close();
  // Roll the file back to 0001: old table layout, old rows, later migration records removed
  // (0003 runs again: it is idempotent).
  const db = new Database(filename);
  db.exec(`DROP TABLE session_refresh_tokens;
    CREATE TABLE refresh_tokens (hash text PRIMARY KEY, session_id text NOT NULL
      REFERENCES sessions (id) ON DELETE CASCADE, generation integer NOT NULL,
      issued_at integer NOT NULL) WITHOUT ROWID;
    CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
    INSERT INTO refresh_tokens VALUES ('${tokenHash('sess_old', 1)}', 'sess_old', 1, 1),
      ('${tokenHash('sess_old', 2)}', 'sess_old', 2, 2);
    DELETE FROM tessera_migrations WHERE name >= '0002';`);
  db.close();
  return filename;
}

function tables(filename: string): string[] {
  const db = new Database(filename, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name LIKE '%refresh%' ORDER BY name",
      )
      .all()
      .map((row) => (row as { name: string }).name);
  } finally {
    db.close();
  }
}

describe('migration 0002: refresh tokens keyed by session', () => {
  it('moves every token of a 0001 file under its session and drops the old table and index', async () => {
    const filename = await fileAtSchema0001();
    const store = createSqliteStore({ filename });
    open.push(store);
    await store.migrate();
    expect(tables(filename)).toEqual(['session_refresh_tokens']);
    for (const generation of [1, 2]) {
      expect(
        await store.findRefreshToken('sess_old', tokenHash('sess_old', generation)),
      ).toMatchObject({ sessionId: 'sess_old', generation });
    }
    // The cascade still holds on the new table.
    await store.revoke({ sessionId: 'sess_old', reason: 'admin', at: 2 });
    expect(await store.deleteExpired(Number.MAX_SAFE_INTEGER, 10)).toBe(1);
    const db = new Database(filename, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM session_refresh_tokens').get()).toEqual({ n: 0 });
    db.close();
  });

  it('completes when rerun after an upgrade interrupted between the copy and the drop', async () => {
    const filename = await fileAtSchema0001();
    // Interrupted run: the new table exists and holds one copied row; the old one is still there.
    const db = new Database(filename);
    db.exec(`CREATE TABLE session_refresh_tokens (session_id text NOT NULL REFERENCES sessions (id)
      ON DELETE CASCADE, hash text NOT NULL, generation integer NOT NULL,
      issued_at integer NOT NULL, PRIMARY KEY (session_id, hash)) WITHOUT ROWID;
      INSERT INTO session_refresh_tokens VALUES ('sess_old', '${tokenHash('sess_old', 1)}', 1, 1);`);
    db.close();
    const store = createSqliteStore({ filename });
    open.push(store);
    await store.migrate();
    expect(tables(filename)).toEqual(['session_refresh_tokens']);
    expect(await store.findRefreshToken('sess_old', tokenHash('sess_old', 2))).toMatchObject({
      generation: 2,
    });
  });

  it('a fresh file ends with only the new table', async () => {
    const filename = temp.file();
    const store = createSqliteStore({ filename });
    open.push(store);
    await store.migrate();
    expect(tables(filename)).toEqual(['session_refresh_tokens']);
    const db = new Database(filename, { readonly: true });
    const applied = db.prepare('SELECT name FROM tessera_migrations').all();
    db.close();
    expect(applied).toContainEqual({ name: '0002_refresh_tokens_by_session' });
  });
});
