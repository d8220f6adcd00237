// Child process: reads a LoadSpec on stdin, runs autocannon, prints a LoadResult as JSON.
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load.ts';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const spec = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadSpec;

// biome-ignore lint/suspicious/noExplicitAny: autocannon's request hooks are untyped
type Context = Record<string, any>;
let nextChain = 0;
let nextLogin = 0;

const requests = spec.refreshTokens
  ? [
      {
        method: 'POST' as const,
        setupRequest(req: Context, context: Context) {
          context.token ??= spec.refreshTokens![nextChain++ % spec.refreshTokens!.length];
          return { ...req, body: JSON.stringify({ refreshToken: context.token }) };
        },
        onResponse(status: number, body: string, context: Context) {
          if (status === 200)
            context.token = (JSON.parse(body) as { refreshToken: string }).refreshToken;
        },
      },
    ]
  : spec.logins
    ? [
        {
          method: 'POST' as const,
          setupRequest(req: Context) {
            const user = spec.logins![nextLogin++ % spec.logins!.length]!;
            return { ...req, body: JSON.stringify({ ...user, transport: 'bearer' }) };
          },
        },
      ]
    : undefined;

const result = await autocannon({
  url: spec.url,
  method: spec.method ?? 'GET',
  headers: spec.headers,
  body: spec.body,
  connections: spec.connections,
  duration: spec.durationSeconds,
  requests,
});

const summary: LoadResult = {
  requests: result.requests.total,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
};
process.stdout.write(JSON.stringify(summary));
