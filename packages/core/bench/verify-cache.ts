// Micro-benchmark (not a test): cost of verifyAccessToken on a cache hit vs a miss.
// Run: node packages/core/bench/verify-cache.ts
import { createMemoryStore, createSessionEngine } from '../src/index.ts';

const store = createMemoryStore();
const engine = createSessionEngine({ store, keyStore: store, verifyCacheSize: 10 });
const device = {
  type: 'desktop' as const,
  name: 'bench',
  browser: null,
  os: null,
  userAgent: null,
};
const issued = await engine.signIn({
  user: { id: 'u', roles: ['user'] },
  rememberMe: false,
  device,
  ip: null,
  location: null,
});

async function measure(label: string, iterations: number, token: () => string): Promise<void> {
  for (let i = 0; i < 1_000; i++) await engine.verifyAccessToken(token());
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await engine.verifyAccessToken(token());
  const perCallUs = ((performance.now() - start) * 1000) / iterations;
  console.log(`${label}: ${perCallUs.toFixed(2)} µs/call`);
}

await measure('cache hit', 200_000, () => issued.accessToken);
const many: string[] = [];
for (let i = 0; i < 50; i++) {
  many.push(
    (
      await engine.signIn({
        user: { id: `u${i}`, roles: [] },
        rememberMe: false,
        device,
        ip: null,
        location: null,
      })
    ).accessToken,
  );
}
let n = 0;
await measure('cache miss (signature)', 5_000, () => many[n++ % many.length] ?? '');
await engine.close();
