// Child of memory.ts: verifies BENCH_TOKENS distinct tokens (each once, so every verification
// is a cache miss that inserts) and prints RSS samples as JSON.
import { createMemoryStore, createSessionEngine } from '@tessera/core';
import { importJWK, SignJWT } from 'jose';

const total = Number(process.env.BENCH_TOKENS ?? 1_000_000);
const store = createMemoryStore();
const engine = createSessionEngine({
  store,
  keyStore: store,
  algorithm: 'HS256',
  accessTtl: '1h',
});
const signedIn = await engine.signIn({
  user: { id: 'memory-user', roles: ['user'] },
  rememberMe: true,
  device: { type: 'desktop', name: 'bench', browser: null, os: null, userAgent: null },
  ip: null,
  location: null,
});
const verified = await engine.verifyAccessToken(signedIn.accessToken);
if (!verified.ok) throw new Error(`sign-in token refused: ${verified.code}`);
const [keyRecord] = await store.listKeys();
const key = await importJWK(JSON.parse(keyRecord!.privateJwk), 'HS256');
const now = Math.floor(Date.now() / 1000);

const samples: {
  tokens: number;
  rssMiB: number;
  heapMiB: number;
  externalMiB: number;
}[] = [];
for (let i = 1; i <= total; i++) {
  const token = await new SignJWT({
    ...verified.claims,
    jti: `bench-${i}`,
    iat: now,
    exp: now + 3600,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keyRecord!.kid })
    .sign(key);
  const result = await engine.verifyAccessToken(token);
  if (!result.ok) throw new Error(`token ${i} refused: ${result.code}`);
  if (i % 100_000 === 0) {
    globalThis.gc?.();
    const mem = process.memoryUsage();
    samples.push({
      tokens: i,
      rssMiB: Math.round(mem.rss / 2 ** 20),
      heapMiB: Math.round(mem.heapUsed / 2 ** 20),
      // Off-heap memory V8 knows of (ArrayBuffers, native objects held by JS).
      externalMiB: Math.round(mem.external / 2 ** 20),
    });
    console.error(`  ${i.toLocaleString('en-US')} tokens: RSS ${samples.at(-1)!.rssMiB} MiB`);
  }
}
await engine.close();
process.stdout.write(JSON.stringify(samples));
