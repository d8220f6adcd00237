// Child process: reads a LoadSpec on stdin, runs autocannon, prints a LoadResult as JSON.
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load.ts';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const spec = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadSpec;

// biome-ignore lint/suspicious/noExplicitAny: autocannon's request hooks are untyped
type Context = Record<string, any>;
let nextLogin = 0;
// Refresh chains. autocannon resets a request's `context` at the end of every sequence (here:
// after every request), so a token kept there is the first one again on each request, and the
// server would see the grace path (previous token) instead of a rotation. A shared pool
// instead: a request takes a token that nobody has presented yet, its response returns the
// successor to the pool. autocannon builds a connection's next request before the previous
// answer arrives, so the pool holds more chains than there are connections (run.ts asks for 3×);
// an empty pool sends a token the server refuses, which shows up as non-2xx.
const unusedTokens = [...(spec.refreshTokens ?? [])];

// The successor token from a refresh answer. A slice instead of JSON.parse of the whole
// ~1.3 KB body: the load generator shares the server's two cores, so its work is kept small.
const TOKEN_FIELD = '"refreshToken":"';
function refreshTokenOf(body: string): string {
  const at = body.indexOf(TOKEN_FIELD);
  if (at < 0) return 'no-token-in-answer'; // presented next, refused: shows up as non-2xx
  const start = at + TOKEN_FIELD.length;
  return body.slice(start, body.indexOf('"', start));
}

const requests = spec.refreshTokens
  ? [
      {
        method: 'POST' as const,
        setupRequest(req: Context) {
          const token = unusedTokens.shift() ?? 'pool-exhausted';
          return { ...req, body: JSON.stringify({ refreshToken: token }) };
        },
        onResponse(status: number, body: string) {
          if (status === 200) unusedTokens.push(refreshTokenOf(body));
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
