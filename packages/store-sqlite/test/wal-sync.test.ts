import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.ts';
import { openDatabase } from '../src/internal/open-database.ts';
import { enableOffThreadSync, WalSync } from '../src/internal/wal-sync.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('wal-sync');
const open: SqliteStore[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('off-thread WAL sync', () => {
  it('group commit on a file: COMMIT stops syncing (NORMAL) because the queue syncs the WAL', () => {
    const db = openDatabase({ filename: temp.file(), busyTimeoutMs: 0 });
    const sync = enableOffThreadSync(db, { filename: db.name, groupCommit: true });
    expect(sync).toBeInstanceOf(WalSync);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('without group commit, or in memory, COMMIT keeps syncing itself (FULL)', () => {
    const file = openDatabase({ filename: temp.file(), busyTimeoutMs: 0 });
    expect(enableOffThreadSync(file, { filename: file.name, groupCommit: false })).toBeUndefined();
    expect(file.pragma('synchronous', { simple: true })).toBe(2);
    file.close();
    const memory = openDatabase({ filename: ':memory:', busyTimeoutMs: 0 });
    expect(
      enableOffThreadSync(memory, { filename: ':memory:', groupCommit: true }),
    ).toBeUndefined();
    expect(memory.pragma('synchronous', { simple: true })).toBe(2);
    memory.close();
  });

  it('writes through the store are readable by another connection once acknowledged', async () => {
    const filename = temp.file();
    const store = createSqliteStore({ filename });
    open.push(store);
    await store.migrate();
    await store.addKey({
      kid: 'k1',
      alg: 'HS256',
      privateJwk: '{}',
      publicJwk: null,
      createdAt: 1,
      retiredAt: null,
    });
    const probe = new Database(filename, { readonly: true });
    expect(probe.prepare('SELECT count(*) AS n FROM signing_keys').get()).toEqual({ n: 1 });
    probe.close();
  });

  it('concurrent syncs share fsyncs and all resolve; close waits for them', async () => {
    const filename = temp.file();
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    const sync = new WalSync(filename);
    const all = Promise.all(Array.from({ length: 20 }, () => sync.sync()));
    await sync.close();
    await expect(all).resolves.toHaveLength(20);
    db.close();
  });

  it('a database without a WAL file has nothing to sync', async () => {
    const sync = new WalSync(temp.file());
    await expect(sync.sync()).resolves.toBeUndefined();
    await sync.close();
  });
});
