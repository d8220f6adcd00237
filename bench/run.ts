// `npm run bench`: every server in its own process, the load generator in another, loopback only,
// bounded runs, a warm-up, RUNS runs per scenario (median and min–max), ratios to the bare
// hello of the same framework measured in the same invocation. Writes bench/results/<date>.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { defaultGenerator, type LoadResult, type LoadSpec, runLoad } from './lib/load.ts';
import { GROUPS, type Scenario } from './lib/scenarios.ts';
import { type ServerProcess, startServer } from './lib/server-process.ts';
import { median, range } from './lib/stats.ts';
import { runLoginUnderLoad } from './login-under-load.ts';
import { runMemoryCheck } from './memory.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
// Long enough for V8 to finish optimising the hot paths: under refresh load its compiler threads
// still took ~50 µs per request in the first 4 s and ~15 µs in the next 4, ~5 µs from then on.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Reference spread (max − min over the median) above which a group is flagged as noisy. */
const NOISY_SPREAD = 0.2;
// Comma-separated substrings of scenario names (`login`, `memory` select those sections).
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const selected = (name: string) => !only || only.some((part) => name.includes(part));

ensurePeersInstalled();

interface Row {
  scenario: Scenario;
  results: LoadResult[];
  rss: number;
  /** Refresh rows: rotations of the current token vs grace-window refreshes, all runs. */
  rotations: Rotations;
}

type Rotations = { current: number; grace: number };

async function rotations(server: ServerProcess): Promise<Rotations> {
  return (await (await fetch(`${server.url}/bench/rotations`)).json()) as Rotations;
}

async function loadSpec(s: Scenario, server: ServerProcess): Promise<LoadSpec> {
  const spec: LoadSpec = {
    url: server.url + s.path,
    method: s.method,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    generator: s.generator,
  };
  if (s.auth === 'cookie') spec.headers = { cookie: server.info.COOKIE ?? '' };
  if (s.auth === 'bearer' || s.auth === 'refresh') {
    // Refresh: 3 chains per connection (see load-worker.ts).
    const n = s.auth === 'refresh' ? CONNECTIONS * 3 : 1;
    const res = await fetch(`${server.url}/bench/tokens?n=${n}`);
    const tokens = (await res.json()) as { accessTokens: string[]; refreshTokens: string[] };
    if (s.auth === 'bearer') spec.headers = { authorization: `Bearer ${tokens.accessTokens[0]}` };
    else {
      spec.refreshTokens = tokens.refreshTokens;
      spec.headers = { 'content-type': 'application/json' };
    }
  }
  return spec;
}

async function measureGroup(scenarios: Scenario[]): Promise<Row[]> {
  const servers: ServerProcess[] = [];
  for (const s of scenarios) servers.push(await startServer(s.server, s.env));
  try {
    for (const [i, s] of scenarios.entries()) {
      await runLoad({ ...(await loadSpec(s, servers[i]!)), durationSeconds: WARMUP });
    }
    const rows: Row[] = scenarios.map((scenario) => ({
      scenario,
      results: [],
      rss: 0,
      rotations: { current: 0, grace: 0 },
    }));
    // Round-robin so slow drift of the machine spreads over every scenario alike.
    for (let run = 0; run < RUNS; run++) {
      for (const [i, s] of scenarios.entries()) {
        const spec = await loadSpec(s, servers[i]!);
        const before = s.auth === 'refresh' ? await rotations(servers[i]!) : undefined;
        const result = await runLoad(spec);
        rows[i]!.results.push(result);
        if (before) {
          const after = await rotations(servers[i]!);
          rows[i]!.rotations.current += after.current - before.current;
          rows[i]!.rotations.grace += after.grace - before.grace;
        }
        console.error(
          `  run ${run + 1}/${RUNS} ${s.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms${result.non2xx ? `, ${result.non2xx} non-2xx` : ''}`,
        );
      }
    }
    for (const [i, server] of servers.entries()) rows[i]!.rss = server.peakRssMiB();
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * How far the reference moved between its runs. The scenarios of a group run round-robin with
 * it, so a wide spread means the machine itself changed speed during the group (a neighbour on
 * the host): then only the ratios mean much.
 */
function referenceSpread(name: string, results: readonly LoadResult[]): string {
  const rps = results.map((r) => r.rps);
  const [lo, hi] = range(rps);
  const spread = (hi - lo) / median(rps);
  const warning =
    spread > NOISY_SPREAD ? ' — **the machine was noisy**: compare ratios, not absolute req/s' : '';
  return `${name} across its runs: ${rps.map(fmt).join(', ')} req/s (spread ${(spread * 100).toFixed(0)} % of the median)${warning}.`;
}

const lines: string[] = [];
const started = new Date();
lines.push(`# Benchmark results ${started.toISOString()}`, '');
lines.push(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
);
lines.push(
  `Command: \`npm run bench\` (RUNS=${RUNS}, ${DURATION} s per run after a ${WARMUP} s warm-up, ${CONNECTIONS} connections, ${defaultGenerator()} in its own process unless a row names another, loopback).`,
  '',
);

for (const group of GROUPS) {
  const scenarios = [group.reference, ...group.scenarios].filter(
    (s) => (!s.requires || process.env[s.requires]) && (s === group.reference || selected(s.name)),
  );
  if (scenarios.length === 1 && only) continue;
  console.error(`\n== ${group.reference.name} group`);
  const rows = await measureGroup(scenarios);
  const medianRps = (name?: string) =>
    median((rows.find((r) => r.scenario.name === name) ?? rows[0]!).results.map((r) => r.rps));
  lines.push(`## Compared with ${group.reference.name}`, '');
  lines.push(
    '| Scenario | req/s median (min–max) | p50 ms | p99 ms | ratio to bare | non-2xx | peak RSS MiB | target |',
  );
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const rps = row.results.map((r) => r.rps);
    const [lo, hi] = range(rps);
    const ratio = median(rps) / medianRps(row.scenario.ratioTo);
    const non2xx = row.results.reduce((n, r) => n + r.non2xx + r.errors, 0);
    lines.push(
      `| ${row.scenario.name} | ${fmt(median(rps))} (${fmt(lo)}–${fmt(hi)}) | ${median(row.results.map((r) => r.p50))} | ${median(row.results.map((r) => r.p99))} | ${(ratio * 100).toFixed(1)}%${row.scenario.ratioTo ? ` (to ${row.scenario.ratioTo.replace('A/B: ', '')})` : ''} | ${non2xx} | ${row.rss} | ${row.scenario.target ?? ''} |`,
    );
  }
  lines.push('', referenceSpread(group.reference.name, rows[0]!.results));
  for (const row of rows.filter((r) => r.scenario.auth === 'refresh')) {
    const { current, grace } = row.rotations;
    lines.push(
      '',
      `${row.scenario.name}: ${fmt(current)} rotations of the current token, ${fmt(grace)} in the grace window (every request presents the token it was just given).`,
    );
  }
  lines.push('');
}

if (selected('login'))
  lines.push(...(await runLoginUnderLoad({ runs: RUNS, duration: DURATION })), '');
if (selected('memory')) lines.push(...(await runMemoryCheck()), '');

const table = lines.join('\n');
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(
  `./results/${started.toISOString().slice(0, 19).replaceAll(':', '-')}.md`,
  import.meta.url,
);
writeFileSync(file, table);
console.log(table);
console.error(`\nWritten to ${file.pathname}`);

function ensurePeersInstalled(): void {
  if (existsSync(new URL('./node_modules/better-auth/package.json', import.meta.url))) return;
  console.error(
    'Installing the benchmark-only peers (better-auth, express-session) into bench/node_modules …',
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: new URL('.', import.meta.url).pathname,
    stdio: 'inherit',
  });
}
