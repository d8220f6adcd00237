// Profiling aid: starts one bench server with --cpu-prof, drives one scenario, prints the top
// self-time functions. BENCH_PROFILE_SCENARIO: refresh | session-info | me | protected.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { runLoad } from './lib/load.ts';

const scenario = process.env.BENCH_PROFILE_SCENARIO ?? 'refresh';
const dir = process.env.BENCH_PROFILE_DIR ?? '/tmp/prof';
const child = spawn(
  process.execPath,
  [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    new URL('./servers/tessera-service.ts', import.meta.url).pathname,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
);
const port = await new Promise<number>((resolve) => {
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('READY ')) resolve(Number(line.slice(6)));
  });
});
const url = `http://127.0.0.1:${port}`;
const tokens = (await (await fetch(`${url}/bench/tokens?n=150`)).json()) as {
  accessTokens: string[];
  refreshTokens: string[];
};
const path = {
  refresh: '/api/auth/refresh',
  'session-info': '/api/auth/session-info',
  me: '/api/auth/me',
  protected: '/protected',
}[scenario]!;
const result = await runLoad(
  scenario === 'refresh'
    ? {
        url: url + path,
        method: 'POST',
        connections: 50,
        durationSeconds: 5,
        refreshTokens: tokens.refreshTokens,
        headers: { 'content-type': 'application/json' },
      }
    : {
        url: url + path,
        connections: 50,
        durationSeconds: 5,
        headers: { authorization: `Bearer ${tokens.accessTokens[0]}` },
      },
);
console.log(result);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
// One profile per thread, named CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: the main
// thread's (thread 0) of this server, not the SQLite or signing thread's.
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile') && f.split('.')[3] === String(child.pid))
  .find((f) => f.split('.')[4] === '0')!;
const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
};
const counts = new Map<number, number>();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const byFn = new Map<string, number>();
for (const n of profile.nodes) {
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/packages\//, '')}:${n.callFrame.lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + (counts.get(n.id) ?? 0));
}
const total = profile.samples.length;
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40)))
  console.log(`${((v / total) * 100).toFixed(1)}%  ${k}`);
console.log(`profile: ${dir}/${file}`);
