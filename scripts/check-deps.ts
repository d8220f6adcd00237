// Enforces the dependency direction of DESIGN.md §1: every workspace import of a package
// (in package.json and in source) must be allowed below, and the runtime-neutral packages
// may not import node: built-ins. Exits non-zero with one line per violation.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ALLOWED: Record<string, readonly string[]> = {
  protocol: [],
  core: ['protocol'],
  'store-testkit': ['core', 'protocol'],
  'store-sqlite': ['core', 'protocol', 'store-testkit'],
  'store-postgres': ['core', 'protocol', 'store-testkit'],
  'store-redis': ['core', 'protocol', 'store-testkit'],
  server: ['core', 'protocol', 'store-sqlite'],
  client: ['protocol'],
  react: ['client', 'protocol'],
};
// Tests (and devDependencies) may also use these: stores run each other's engines in
// multi-store tests, and the server's tests may run against any store.
const TEST_ALLOWED: Record<string, readonly string[]> = {
  'store-sqlite': ['store-postgres', 'store-redis'],
  'store-postgres': ['store-sqlite', 'store-redis'],
  'store-redis': ['store-sqlite', 'store-postgres'],
  server: ['store-testkit', 'store-postgres', 'store-redis'],
};
// Packages that must run in browsers, workers and edge runtimes.
const NO_NODE_BUILTINS = new Set(['protocol', 'core', 'client', 'react']);
// Third-party runtime imports each package may use (besides workspace packages).
const EXTERNAL: Record<string, readonly string[]> = {
  protocol: [],
  core: ['jose'],
  client: [],
  react: ['react', 'react-dom'],
};

// The repository root (a fixture root in scripts/check-deps.test.ts).
const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;
const violations: string[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

for (const pkg of Object.keys(ALLOWED)) {
  const dir = join(root, 'packages', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const runtime = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ];
  const allowedInTests = (name: string) =>
    name === 'store-testkit' ||
    !!ALLOWED[pkg]?.includes(name) ||
    !!TEST_ALLOWED[pkg]?.includes(name);
  for (const dep of runtime) {
    const m = /^@tessera\/(.+)$/.exec(dep);
    if (m?.[1] && !ALLOWED[pkg]?.includes(m[1])) {
      violations.push(`${pkg}: package.json depends on ${dep}`);
    }
  }
  for (const dep of Object.keys(manifest.devDependencies ?? {})) {
    const m = /^@tessera\/(.+)$/.exec(dep);
    if (m?.[1] && !allowedInTests(m[1])) {
      violations.push(`${pkg}: package.json (dev) depends on ${dep}`);
    }
  }
  const files = ['src', 'test', 'test-support'].flatMap((sub) =>
    existsSync(join(dir, sub)) ? sourceFiles(join(dir, sub)) : [],
  );
  for (const file of files) {
    const inPackage = `/${relative(dir, file)}`;
    const isTest = /\.test\.tsx?$/.test(file) || /\/(test|test-support)\//.test(inPackage);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? '';
      const where = relative(root, file);
      const ws = /^@tessera\/([^/]+)/.exec(spec);
      if (ws?.[1] && !ALLOWED[pkg]?.includes(ws[1]) && !(isTest && allowedInTests(ws[1]))) {
        violations.push(`${where}: imports ${spec}`);
      }
      if (isTest) continue;
      if (NO_NODE_BUILTINS.has(pkg) && spec.startsWith('node:')) {
        violations.push(`${where}: imports ${spec} (this package must not use Node built-ins)`);
      }
      const external = EXTERNAL[pkg];
      if (
        external &&
        !spec.startsWith('.') &&
        !spec.startsWith('@tessera/') &&
        !spec.startsWith('node:')
      ) {
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : spec.split('/')[0];
        if (!external.includes(name ?? ''))
          violations.push(`${where}: imports ${spec} (not allowed here)`);
      }
    }
  }
}

// Nothing may import the demo app.
for (const pkg of Object.keys(ALLOWED)) {
  for (const file of sourceFiles(join(root, 'packages', pkg, 'src'))) {
    if (/@tessera\/demo|apps\/demo/.test(readFileSync(file, 'utf8'))) {
      violations.push(`${relative(root, file)}: imports the demo app`);
    }
  }
}

if (violations.length > 0) {
  console.error(`Dependency direction violated (DESIGN.md §1):\n${violations.join('\n')}`);
  process.exit(1);
}
console.log(`check-deps: ${Object.keys(ALLOWED).length} packages follow DESIGN.md §1`);
