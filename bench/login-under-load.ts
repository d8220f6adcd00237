// Scenario 5: logins (argon2id) at full speed while protected requests are served by the same
// process; reports logins/s and the p99 of the protected requests, next to the same protected
// load without logins (measured in the same invocation).
import { runLoad } from './lib/load.ts';
import { startServer } from './lib/server-process.ts';
import { median } from './lib/stats.ts';

export async function runLoginUnderLoad({
  runs,
  duration,
}: {
  runs: number;
  duration: number;
}): Promise<string[]> {
  console.error('\n== login under load');
  const server = await startServer('tessera-service.ts', { BENCH_LOGIN_USERS: '20' });
  try {
    const logins = JSON.parse(server.info.USERS ?? '[]') as { email: string; password: string }[];
    const token = (
      (await (await fetch(`${server.url}/bench/tokens?n=1`)).json()) as { accessTokens: string[] }
    ).accessTokens[0];
    const protectedSpec = {
      url: `${server.url}/protected`,
      headers: { authorization: `Bearer ${token}` },
      connections: 10,
      durationSeconds: duration,
    };
    const loginSpec = {
      url: `${server.url}/api/auth/login`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      logins,
      connections: 8,
      durationSeconds: duration,
    };
    await runLoad({ ...protectedSpec, durationSeconds: 2 });
    const alone: number[] = [];
    const mixedP99: number[] = [];
    const mixedRps: number[] = [];
    const loginRps: number[] = [];
    let loginFailures = 0;
    for (let run = 0; run < runs; run++) {
      alone.push((await runLoad(protectedSpec)).p99);
      const [prot, login] = await Promise.all([runLoad(protectedSpec), runLoad(loginSpec)]);
      mixedP99.push(prot.p99);
      mixedRps.push(prot.rps);
      loginRps.push(login.rps);
      loginFailures += login.non2xx + login.errors;
      console.error(
        `  run ${run + 1}/${runs}: ${Math.round(login.rps)} logins/s, protected p99 ${prot.p99} ms (alone ${alone.at(-1)} ms)`,
      );
    }
    return [
      '## Login under load (argon2id) on the Tessera service, SQLite',
      '',
      '| Measure | median (runs) | target |',
      '|---|---|---|',
      `| logins/s (8 connections) | ${Math.round(median(loginRps))} (${loginRps.map(Math.round).join(', ')}) | full speed |`,
      `| protected p99 while logging in | ${median(mixedP99)} ms (${mixedP99.join(', ')}) | ≤ 20 ms |`,
      `| protected req/s while logging in | ${Math.round(median(mixedRps))} | |`,
      `| protected p99 without logins | ${median(alone)} ms (${alone.join(', ')}) | |`,
      `| failed logins | ${loginFailures} | 0 |`,
    ];
  } finally {
    await server.stop();
  }
}
