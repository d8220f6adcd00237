/** Minimal bearer-mode client for the HTTP contract (DESIGN.md §3). */
export interface Tokens {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}/api/auth${path}`, {
    method,
    headers,
    ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON.
  }
  return { status: response.status, headers: response.headers, body, text };
}

function tokensOf(reply: Reply): Tokens {
  const session = reply.body.session as { id: string } | undefined;
  return {
    sessionId: session?.id ?? '',
    accessToken: String(reply.body.accessToken),
    refreshToken: String(reply.body.refreshToken),
  };
}

export async function login(base: string, email: string, password: string): Promise<Tokens> {
  const reply = await call(base, 'POST', '/login', {
    json: { email, password, transport: 'bearer' },
  });
  if (reply.status !== 200) throw new Error(`login ${reply.status}: ${reply.text}`);
  return tokensOf(reply);
}

/** POST /refresh in bearer mode; `tokens` is set on 200. */
export async function refresh(
  base: string,
  refreshToken: string,
): Promise<Reply & { tokens?: Tokens }> {
  const reply = await call(base, 'POST', '/refresh', { json: { refreshToken } });
  return reply.status === 200 ? { ...reply, tokens: tokensOf(reply) } : reply;
}
