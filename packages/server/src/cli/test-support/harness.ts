import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, SessionEngine } from '@tessera/core';
import { createMemoryStore, createSessionEngine } from '@tessera/core';
import type { CliIo } from '../io.ts';
import { type OpenedStores, openStore, type StoreOpener } from '../open-store.ts';
import { runCli } from '../run-cli.ts';

export type Backend = 'memory' | 'sqlite';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Harness {
  env: Record<string, string>;
  /** Run the CLI in-process; `clock` sets the CLI's time (default: the system clock). */
  run(argv: string[], options?: { clock?: Clock; io?: Partial<CliIo> }): Promise<CliResult>;
  /** Stores and an engine on the same database the CLI uses, for arranging and asserting. */
  open(
    clock?: Clock,
  ): Promise<{ stores: OpenedStores; engine: SessionEngine; close(): Promise<void> }>;
  dispose(): Promise<void>;
}

/**
 * A CLI test bed. `sqlite`: a temporary database file opened through the real scheme table.
 * `memory`: one in-memory store shared by every run (its close is a no-op until dispose).
 */
export async function createHarness(backend: Backend): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
  const env: Record<string, string> = {
    TESSERA_DATABASE_URL:
      backend === 'sqlite' ? `sqlite:${join(dir, 'db', 'tessera.db')}` : 'memory:',
    TESSERA_LOG_LEVEL: 'silent',
  };
  const opener =
    backend === 'sqlite' ? (urls: Parameters<StoreOpener>[0]) => openStore(urls) : sharedMemory();
  return {
    env,
    async run(argv, options = {}) {
      let stdout = '';
      let stderr = '';
      const io: CliIo = {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        openStore: opener,
        ...(options.clock ? { clock: options.clock } : {}),
        ...options.io,
      };
      const code = await runCli(argv, env, io);
      return { code, stdout, stderr };
    },
    async open(clock) {
      const stores = await opener({ databaseUrl: env.TESSERA_DATABASE_URL!, redisUrl: null });
      await stores.migrate();
      const engine = createSessionEngine({
        store: stores.store,
        keyStore: stores.store,
        ...(clock ? { clock } : {}),
      });
      return {
        stores,
        engine,
        close: async () => {
          await engine.close();
          await stores.close();
        },
      };
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function sharedMemory(): StoreOpener {
  const store = createMemoryStore();
  return async () => ({
    store,
    users: store,
    migrate: async () => {},
    close: async () => {},
  });
}

/** Sign in as `userId` through `engine`; returns the tokens and session id. */
export async function signIn(engine: SessionEngine, userId: string, roles: string[] = ['user']) {
  const issued = await engine.signIn({
    user: { id: userId, roles },
    rememberMe: false,
    device: {
      type: 'desktop',
      name: 'Firefox on Linux',
      browser: 'Firefox',
      os: 'Linux',
      userAgent: null,
    },
    ip: '203.0.113.7',
    location: null,
  });
  return {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    sessionId: issued.session.id,
  };
}

/** The kid in a JWT header. */
export function kidOf(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
    kid: string;
  };
  return header.kid;
}
