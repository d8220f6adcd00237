// Shared set-up of the Tessera benchmark servers: an engine with long timeouts (no token
// expires during a run) and the bench-only token endpoint the runner calls before each run.
import {
  createMemoryStore,
  createSessionEngine,
  type SessionEngine,
  type SigningAlgorithm,
} from '@tessera/core';

export function createBenchEngine(): SessionEngine {
  const store = createMemoryStore();
  return createSessionEngine({
    store,
    keyStore: store,
    algorithm: (process.env.BENCH_ALG as SigningAlgorithm | undefined) ?? 'EdDSA',
    accessTtl: '1h',
    idleTimeout: '2h',
  });
}

/** Signs `n` sessions in (no password hashing: this measures the session path only). */
export async function issueTokens(engine: SessionEngine, n: number) {
  const accessTokens: string[] = [];
  const refreshTokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const issued = await engine.signIn({
      user: { id: `bench-user-${i}`, roles: ['user'] },
      rememberMe: true,
      device: {
        type: 'desktop',
        name: 'autocannon',
        browser: null,
        os: null,
        userAgent: 'autocannon',
      },
      ip: '127.0.0.1',
      location: null,
    });
    accessTokens.push(issued.accessToken);
    refreshTokens.push(issued.refreshToken);
  }
  return { accessTokens, refreshTokens };
}
