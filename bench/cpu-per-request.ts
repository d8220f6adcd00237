// Diagnostic: server CPU time per request (user+sys from /proc, so other load on the machine
// does not distort it the way req/s does). BENCH_PROFILE_SCENARIO as in profile.ts.
import { readFileSync } from 'node:fs';
import { type LoadSpec, runLoad } from './lib/load.ts';
import { startServer } from './lib/server-process.ts';

const scenario = process.env.BENCH_PROFILE_SCENARIO ?? 'refresh';
const server = await startServer(process.env.BENCH_SERVER ?? 'tessera-service.ts');
/** CPU ms of the main thread only (the task whose id is the pid). */
const mainMs = () => {
  const fields = readFileSync(`/proc/${server.pid}/task/${server.pid}/stat`, 'utf8')
    .split(') ')[1]!
    .split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const cpuMs = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime+stime, 100 Hz ticks
};
// Refresh chains are used up by a run (each token is presented once): fresh ones per run.
const newTokens = async () =>
  (scenario === 'hello'
    ? { accessTokens: [''], refreshTokens: [] }
    : await (await fetch(`${server.url}/bench/tokens?n=150`)).json()) as {
    accessTokens: string[];
    refreshTokens: string[];
  };
const paths: Record<string, string> = {
  refresh: '/api/auth/refresh',
  'session-info': '/api/auth/session-info',
  me: '/api/auth/me',
  protected: '/protected',
  hello: '/hello',
};
const spec = async (durationSeconds: number): Promise<LoadSpec> => {
  const tokens = await newTokens();
  return scenario === 'refresh'
    ? {
        url: server.url + paths[scenario],
        method: 'POST' as const,
        connections: 50,
        durationSeconds,
        refreshTokens: tokens.refreshTokens,
        headers: { 'content-type': 'application/json' },
      }
    : {
        url: server.url + paths[scenario]!,
        connections: 50,
        durationSeconds,
        headers: { authorization: `Bearer ${tokens.accessTokens[0]}` },
      };
};
await runLoad(await spec(1));
for (let i = 0; i < Number(process.env.RUNS ?? 2); i++) {
  const before = cpuMs();
  const mainBefore = mainMs();
  const result = await runLoad(await spec(Number(process.env.BENCH_DURATION ?? 4)));
  const used = cpuMs() - before;
  const main = mainMs() - mainBefore;
  console.log(
    `${scenario}: ${Math.round(result.rps)} req/s (${result.non2xx} non-2xx), p99 ${result.p99} ms, server CPU ${((used * 1000) / result.requests).toFixed(0)} µs/request (main thread ${((main * 1000) / result.requests).toFixed(0)} µs, busy ${(main / 10 / Number(process.env.BENCH_DURATION ?? 4)).toFixed(0)}%)`,
  );
}
await server.stop();
