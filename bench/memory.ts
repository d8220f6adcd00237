// Memory check: 1,000,000 distinct access tokens verified once each by one engine; RSS is
// sampled every 100,000 and must level off because the verified-token cache is capped.
// Runs in a child process so its heap is its own.
import { spawnSync } from 'node:child_process';

export async function runMemoryCheck(): Promise<string[]> {
  console.error('\n== memory: 1,000,000 token verifications');
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', new URL('./memory-worker.ts', import.meta.url).pathname],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_TOKENS: process.env.BENCH_TOKENS ?? '1000000' },
    },
  );
  if (child.status !== 0) throw new Error(`memory worker failed (${child.status})`);
  const samples = JSON.parse(child.stdout) as {
    tokens: number;
    rssMiB: number;
    heapMiB: number;
    externalMiB: number;
  }[];
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const mid = samples[Math.floor(samples.length / 2)]!;
  return [
    '## Memory under 1,000,000 distinct token verifications (HS256, cache capped at 10,000)',
    '',
    '| tokens verified | RSS MiB | heap used MiB | external MiB |',
    '|---|---|---|---|',
    ...samples.map(
      (s) =>
        `| ${s.tokens.toLocaleString('en-US')} | ${s.rssMiB} | ${s.heapMiB} | ${s.externalMiB} |`,
    ),
    '',
    `RSS growth from ${first.tokens.toLocaleString('en-US')} to ${last.tokens.toLocaleString('en-US')} tokens: ${last.rssMiB - first.rssMiB} MiB (second half: ${last.rssMiB - mid.rssMiB} MiB).`,
  ];
}
