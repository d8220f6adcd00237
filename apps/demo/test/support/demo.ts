import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { APP_DIR, buildUi } from '../../scripts/build-ui.ts';
import { type RunningDemo, startDemo } from '../../scripts/demo-server.ts';

const ROOT = join(APP_DIR, '..', '..');
const SOURCES = [
  join(APP_DIR, 'src'),
  join(APP_DIR, 'index.html'),
  join(APP_DIR, 'public'),
  join(APP_DIR, 'scripts', 'build-ui.ts'), // the build's own settings (chunks) shape the output
  join(ROOT, 'packages', 'react', 'src'),
  join(ROOT, 'packages', 'client', 'src'),
  join(ROOT, 'packages', 'protocol', 'src'),
];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

/** Hash of every file the UI bundle is built from: the build cache key. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap(files).sort()) {
    hash.update(relative(ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the UI once per source version and shares it between test files (each file copies it,
 * because demo-config.js differs per server). Parallel builders race harmlessly: the first
 * rename wins and the others use its output.
 */
async function builtUi(): Promise<string> {
  const dir = join(tmpdir(), `tessera-demo-ui-${sourceHash()}`);
  if (existsSync(join(dir, 'index.html'))) return dir;
  const staging = mkdtempSync(join(tmpdir(), 'tessera-demo-build-'));
  await buildUi(staging);
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** The server's clock: real time plus an offset the test moves forward. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface TestDemo extends RunningDemo {
  dir: string;
  clock: TestClock;
  stop(): Promise<void>;
}

export interface TestDemoOptions {
  env?: Record<string, string>;
  warningLeadMs?: number;
  keepAliveIntervalMs?: number;
  /** The recovery codes' step-up window (demo default 300 s). */
  stepUpMaxAgeSeconds?: number;
}

/** A demo server on 127.0.0.1:0 with a fresh SQLite file and the given (short) timeouts. */
export async function startTestDemo(options: TestDemoOptions = {}): Promise<TestDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-demo-e2e-'));
  const outDir = join(dir, 'ui');
  cpSync(await builtUi(), outDir, { recursive: true });
  const clock = createTestClock();
  const demo = await startDemo({
    clock,
    outDir,
    skipBuild: true,
    log: () => {},
    ...(options.stepUpMaxAgeSeconds ? { stepUpMaxAgeSeconds: options.stepUpMaxAgeSeconds } : {}),
    ui: {
      warningLeadMs: options.warningLeadMs ?? 30_000,
      ...(options.keepAliveIntervalMs ? { keepAliveIntervalMs: options.keepAliveIntervalMs } : {}),
      exposeClient: true,
    },
    env: {
      TESSERA_DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`,
      TESSERA_HOST: '127.0.0.1',
      TESSERA_PORT: '0',
      TESSERA_COOKIE_SECURE: 'false',
      TESSERA_LOG_LEVEL: 'silent',
      TESSERA_ACTIVITY_WRITE_INTERVAL: '1s',
      ...options.env,
    },
  });
  return {
    ...demo,
    dir,
    clock,
    async stop() {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
