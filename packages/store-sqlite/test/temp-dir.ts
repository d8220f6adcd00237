import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A temporary directory for this test file, removed after its tests; `file()` names a new db. */
export function useTempDir(prefix: string): { dir: string; file(): string } {
  const dir = mkdtempSync(join(tmpdir(), `tessera-${prefix}-`));
  let count = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file: () => {
      count += 1;
      return join(dir, `store-${count}.db`);
    },
  };
}
