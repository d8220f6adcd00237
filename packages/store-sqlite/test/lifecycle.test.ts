import { sessionFixture, T0, tokenFor } from '@tessera/store-testkit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.ts';
import { openDatabase } from '../src/internal/open-database.ts';
import { ENDED_AT } from '../src/internal/schema.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('lifecycle');
const open: SqliteStore[] = [];
const track = (store: SqliteStore) => {
  open.push(store);
  return store;
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('durability settings', () => {
  it('opens with WAL, synchronous = FULL, foreign keys and a busy timeout', () => {
    const db = openDatabase({ filename: temp.file(), busyTimeoutMs: 1234 });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    } finally {
      db.close();
    }
  });

  it('writes are in the file for any other connection once acknowledged', async () => {
    const filename = temp.file();
    const store = track(createSqliteStore({ filename }));
    await store.migrate();
    const session = sessionFixture();
    await store.create(session, tokenFor(session)); // on the SQLite thread
    await store.addKey({
      kid: 'k1',
      alg: 'HS256',
      privateJwk: '{}',
      publicJwk: null,
      createdAt: 1,
      retiredAt: null,
    }); // on the main connection
    const probe = new Database(filename, { readonly: true });
    try {
      expect(probe.prepare('SELECT id FROM sessions').all()).toEqual([{ id: session.id }]);
      expect(probe.prepare('SELECT count(*) AS n FROM signing_keys').get()).toEqual({ n: 1 });
    } finally {
      probe.close();
    }
  });

  it('the store leaves the file in WAL mode', async () => {
    const filename = temp.file();
    await track(createSqliteStore({ filename })).migrate();
    const probe = new Database(filename, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    probe.close();
  });
});

describe('migrations and reopening', () => {
  it('migrate() is idempotent, also on a reopened file', async () => {
    const filename = temp.file();
    const first = track(createSqliteStore({ filename }));
    await first.migrate();
    await first.migrate();
    await first.close();
    const second = track(createSqliteStore({ path: filename }));
    await second.migrate();
    await second.ping();
    const probe = new Database(filename, { readonly: true });
    const applied = probe.prepare('SELECT name FROM tessera_migrations').all();
    probe.close();
    expect(applied).toEqual([
      { name: '0001_initial' },
      { name: '0002_refresh_tokens_by_session' },
      { name: '0003_user_index_without_activity' },
    ]);
  });

  it('a reopened file keeps sessions, rotated tokens, keys and users', async () => {
    const filename = temp.file();
    const store = track(createSqliteStore({ filename }));
    await store.migrate();
    const session = sessionFixture();
    await store.create(session, tokenFor(session));
    const rotated = await store.rotate({
      sessionId: session.id,
      expectedVersion: 1,
      newToken: tokenFor(session, 2, T0 + 5),
      refreshGraceUntil: T0 + 30_000,
      refreshExpiresAt: T0 + 3_600_000,
    });
    await store.create({
      id: 'user_1',
      email: 'a@example.com',
      passwordHash: '$argon2id$x',
      roles: [],
      disabled: false,
      createdAt: T0,
      passwordChangedAt: T0,
    });
    await store.close();
    const reopened = track(createSqliteStore({ filename }));
    await reopened.migrate();
    expect(await reopened.get(session.id)).toEqual(rotated);
    expect(await reopened.findRefreshToken(session.id, tokenFor(session, 2).hash)).toMatchObject({
      generation: 2,
    });
    expect(await reopened.findByEmail('A@example.com')).toMatchObject({ id: 'user_1' });
  });

  it('cleanup uses the ended-at index', async () => {
    const filename = temp.file();
    await track(createSqliteStore({ filename })).migrate();
    const probe = new Database(filename, { readonly: true });
    const plan = probe
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE ${ENDED_AT} < ? LIMIT 10`)
      .all(T0) as { detail: string }[];
    probe.close();
    expect(plan.map((p) => p.detail).join('\n')).toContain('sessions_ended_at');
  });
});

describe('failures', () => {
  it('a store used before migrate() fails as unavailable, never as "not found"', async () => {
    const store = track(createSqliteStore({ filename: temp.file() }));
    await expect(store.get('sess_1')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.listKeys()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('a closed store fails as unavailable', async () => {
    const store = createSqliteStore({ filename: temp.file() });
    await store.migrate();
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.findRefreshToken('s', 'h')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.findById('user_1')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('bad options name the option', () => {
    expect(() => createSqliteStore({})).toThrow(expect.objectContaining({ option: 'filename' }));
    expect(() => createSqliteStore({ filename: 'x.db', maxBatchSize: 0 })).toThrow(
      expect.objectContaining({ option: 'maxBatchSize' }),
    );
  });
});
