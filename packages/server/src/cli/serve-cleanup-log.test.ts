import { createMemoryStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { startServer } from './commands/serve.ts';

describe('serve: periodic cleanup', () => {
  it('a failed cleanup is logged by error name and code, never its message', async () => {
    const store = createMemoryStore();
    const failing = Object.assign(Object.create(store) as typeof store, {
      async deleteExpired(): Promise<number> {
        const error = new Error('connect ECONNREFUSED postgres://tessera:s3cret@db:5432/prod');
        throw Object.assign(error, { code: 'ECONNREFUSED' });
      },
    });
    const lines: string[] = [];
    let failed!: () => void;
    const logged = new Promise<void>((resolve) => {
      failed = resolve;
    });
    const server = await startServer(
      loadConfig({
        TESSERA_DATABASE_URL: 'memory:',
        TESSERA_PORT: '0',
        TESSERA_LOG_LEVEL: 'silent',
      }),
      {
        cleanupIntervalMs: 5,
        openStore: async () => ({
          store: failing,
          users: store,
          migrate: async () => {},
          close: async () => {},
        }),
        log: (line) => {
          lines.push(line);
          if (line.startsWith('Cleanup failed')) failed();
        },
      },
    );
    try {
      await logged;
    } finally {
      await server.close();
    }
    const line = lines.find((l) => l.startsWith('Cleanup failed')) ?? '';
    expect(line).toContain('ECONNREFUSED');
    expect(line).not.toContain('s3cret');
    expect(line).not.toContain('postgres://');
  });
});
