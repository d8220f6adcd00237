// Runs the load generator in its own process, so it never shares a core's event loop with the
// server under test, and returns its summary. BENCH_LOAD picks the generator for every
// scenario: `wrk` (the default, `apt-get install wrk`) or `autocannon`; a spec may name one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Generator = 'wrk' | 'autocannon';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** Refresh mode: rotating chains, each token presented once (3 chains per connection). */
  refreshTokens?: string[];
  /** Login mode: bodies cycled over these users. */
  logins?: { email: string; password: string }[];
  /** Overrides BENCH_LOAD for this run. */
  generator?: Generator;
}

export interface LoadResult {
  requests: number;
  rps: number;
  /** Milliseconds: whole ms from autocannon, 0.1 ms from wrk. */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export function defaultGenerator(): Generator {
  const chosen = process.env.BENCH_LOAD ?? 'wrk';
  if (chosen !== 'wrk' && chosen !== 'autocannon') {
    throw new Error(`BENCH_LOAD must be wrk or autocannon, not ${chosen}`);
  }
  return chosen;
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return (spec.generator ?? defaultGenerator()) === 'wrk' ? runWrk(spec) : runAutocannon(spec);
}

function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  return collect(
    spawn(process.execPath, [new URL('./load-worker.ts', import.meta.url).pathname], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
    'load worker',
    JSON.stringify(spec),
  ).then((out) => JSON.parse(out) as LoadResult);
}

/** wrk with one thread (like autocannon's one process) and bench/lib/wrk-load.lua. */
async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-wrk-'));
  try {
    const env: Record<string, string> = { WRK_METHOD: spec.method ?? 'GET' };
    // Login bodies as load-worker.ts sends them (bearer transport: no cookies to keep).
    const feed =
      spec.refreshTokens ??
      spec.logins?.map((login) => JSON.stringify({ ...login, transport: 'bearer' }));
    if (feed) {
      env.WRK_MODE = spec.refreshTokens ? 'refresh' : 'login';
      env.WRK_FEED = join(dir, 'feed');
      writeFileSync(env.WRK_FEED, `${feed.join('\n')}\n`);
    }
    const headerArgs = Object.entries(spec.headers ?? {}).flatMap(([name, value]) => [
      '-H',
      `${name}: ${value}`,
    ]);
    const args = ['-t1', `-c${spec.connections}`, `-d${spec.durationSeconds}s`, '--timeout', '10s'];
    args.push(...headerArgs, '-s', new URL('./wrk-load.lua', import.meta.url).pathname, spec.url);
    const child = spawn('wrk', args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out = await collect(child, 'wrk');
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`wrk printed no RESULT line:\n${out}`);
    const r = JSON.parse(line.slice(7)) as Record<string, number>;
    const ms = (us: number) => Math.round(us / 100) / 10;
    return {
      requests: r.requests!,
      rps: r.requests! / (r.durationUs! / 1e6),
      p50: ms(r.p50Us!),
      p99: ms(r.p99Us!),
      non2xx: r.non2xx!,
      errors: r.errors!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child's stdout once it exits with 0. */
function collect(child: ReturnType<typeof spawn>, name: string, stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`${name} not found: apt-get install wrk, or run with BENCH_LOAD=autocannon`)
          : error,
      ),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${name} exited with ${code}`)),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}
