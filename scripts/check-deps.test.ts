import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Runs scripts/check-deps.ts on a small fixture tree: a clean one passes, each kind of
// violation of DESIGN.md §1 fails naming the file.
const PACKAGES = [
  'protocol',
  'core',
  'store-testkit',
  'store-sqlite',
  'store-postgres',
  'store-redis',
  'server',
  'client',
  'react',
];
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function fixture(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'check-deps-'));
  roots.push(root);
  for (const pkg of PACKAGES) {
    mkdirSync(join(root, 'packages', pkg, 'src'), { recursive: true });
    writeFileSync(
      join(root, 'packages', pkg, 'package.json'),
      JSON.stringify({ name: `@tessera/${pkg}` }),
    );
    writeFileSync(join(root, 'packages', pkg, 'src', 'index.ts'), 'export const x = 1;\n');
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root: string) {
  const run = spawnSync(
    process.execPath,
    [new URL('./check-deps.ts', import.meta.url).pathname, root],
    {
      encoding: 'utf8',
    },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('check-deps', () => {
  it('passes a tree that follows the layering', () => {
    const root = fixture({
      'packages/core/src/a.ts':
        "import { Routes } from '@tessera/protocol';\nimport { jwtVerify } from 'jose';\n",
      'packages/server/src/a.ts': "import { createSessionEngine } from '@tessera/core';\n",
      'packages/store-redis/test/a.test.ts':
        "import { createPostgresStore } from '@tessera/store-postgres';\n",
    });
    expect(check(root).status).toBe(0);
  });

  it.each([
    ['core imports server', 'packages/core/src/a.ts', "import { x } from '@tessera/server';\n"],
    [
      'core uses a Node built-in',
      'packages/core/src/a.ts',
      "import { readFileSync } from 'node:fs';\n",
    ],
    ['client imports core', 'packages/client/src/a.ts', "import { x } from '@tessera/core';\n"],
    [
      'server imports a store at runtime',
      'packages/server/src/a.ts',
      "import { x } from '@tessera/store-postgres';\n",
    ],
    [
      'a store imports server',
      'packages/store-sqlite/src/a.ts',
      "export { x } from '@tessera/server';\n",
    ],
    ['react uses a third-party package', 'packages/react/src/a.ts', "import x from 'lodash';\n"],
    [
      'a store test imports server',
      'packages/store-redis/test/a.test.ts',
      "import { x } from '@tessera/server';\n",
    ],
    [
      'a package imports the demo',
      'packages/react/src/a.ts',
      "import x from '../../../apps/demo/src/x.ts';\n",
    ],
  ])('fails when %s', (_name, path, text) => {
    const result = check(fixture({ [path]: text }));
    expect(result.status).toBe(1);
    expect(result.output).toContain(path);
  });
});
