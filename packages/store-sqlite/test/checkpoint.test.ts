import { describe, expect, it } from 'vitest';
import { openDatabase, WAL_CHECKPOINT_PAGES } from '../src/internal/open-database.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('checkpoint');

/** Frames in the WAL that no checkpoint has copied yet (a PASSIVE checkpoint reports them). */
function walFrames(db: ReturnType<typeof openDatabase>): number {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return result!.log;
}

/** A database opened as the store opens it, with one table and a statement adding a page. */
function openWithTable() {
  const db = openDatabase({ filename: temp.file(), busyTimeoutMs: 0 });
  db.pragma('synchronous = OFF'); // durability is not under test: no fsync per commit
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const body = Buffer.alloc(3000, 1);
  return { db, addPage: () => insert.run(body) };
}

describe('WAL checkpoints', () => {
  it('run every WAL_CHECKPOINT_PAGES pages, not at SQLite’s default of 1,000', () => {
    const { db, addPage } = openWithTable();
    // One transaction per row, each at least one new page: 1,500 commits write well over
    // 1,000 frames; with SQLite's default the WAL would have been checkpointed and restarted.
    for (let i = 0; i < 1500; i++) addPage();
    const frames = walFrames(db);
    expect(frames).toBeGreaterThan(1500);
    expect(frames).toBeLessThan(WAL_CHECKPOINT_PAGES);
    db.close();
  });

  it('still checkpoint on their own once the WAL reaches that size', () => {
    const { db, addPage } = openWithTable();
    // Each commit appends its new page and the pages above it: past the threshold the
    // connection checkpoints and the next commit starts the WAL over.
    for (let i = 0; i < WAL_CHECKPOINT_PAGES; i++) addPage();
    expect(walFrames(db)).toBeLessThan(WAL_CHECKPOINT_PAGES);
    db.close();
  });
});
