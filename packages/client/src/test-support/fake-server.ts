// A small in-memory stand-in for the Tessera HTTP API, enough to drive the client in Node.
// The real server is exercised by the demo's browser tests.

interface FakeSession {
  id: string;
  userId: string;
  refreshToken: string;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  /** Last full authentication (server clock): login or /reauth. */
  authTime: number;
  ended: { code: string; reason?: string } | null;
  /** Session data (PATCH /session/data) and its version. */
  data?: Record<string, unknown>;
  dataVersion?: number;
}

/** Guest sessions (POST /anonymous) have user ids with this prefix and no user. */
const GUEST = 'guest-';

/** `/api/step-up-protected` needs an authentication at most this old (like requireFreshAuth). */
const MAX_AUTH_AGE_MS = 5 * 60_000;

export interface FakeServerOptions {
  /** Client clock (the test's); the server clock is this plus `skewMs`. */
  now: () => number;
  skewMs?: number;
  accessTtlMs?: number;
  idleMs?: number;
  absoluteMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

const USERS = [
  { id: 'u1', email: 'ada@example.com', password: 'pw-ada', roles: ['user'] },
  { id: 'u2', email: 'bob@example.com', password: 'pw-bob', roles: ['user'] },
];

export function createFakeServer(options: FakeServerOptions) {
  const o = {
    skewMs: 0,
    accessTtlMs: 15 * 60_000,
    idleMs: 15 * 60_000,
    absoluteMs: 86_400_000,
    ...options,
  };
  const sessions = new Map<string, FakeSession>();
  const tokens = new Map<string, { sid: string; exp: number; authTime: number }>();
  const requests: RecordedRequest[] = [];
  let seq = 0;
  let cookie: string | null = null; // the browser's HttpOnly refresh cookie, shared by tabs
  const serverNow = () => o.now() + o.skewMs;
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Answer the next request to a path with this response instead. */
  const overrides = new Map<string, (() => Response | Promise<Response>)[]>();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
        'server-time': iso(serverNow()),
        ...headers,
      },
    });
  const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
    json(status, { type: 'about:blank', title: code, status, code, ...extra });

  const publicSession = (s: FakeSession) => ({
    id: s.id,
    current: true,
    kind: s.userId.startsWith(GUEST) ? 'anonymous' : 'user',
    createdAt: iso(serverNow()),
    lastActiveAt: iso(serverNow()),
    idleExpiresAt: iso(s.idleExpiresAt),
    absoluteExpiresAt: iso(s.absoluteExpiresAt),
    authTime: iso(s.authTime),
    aal: 1,
    rememberMe: false,
    device: { type: 'desktop', name: 'Test', browser: null, os: null },
    ip: null,
    location: null,
  });
  const user = (id: string) => {
    if (id.startsWith(GUEST)) return null;
    const u = USERS.find((x) => x.id === id)!;
    return { id: u.id, email: u.email, roles: u.roles };
  };
  const issue = (s: FakeSession, bearer: boolean) => {
    const accessToken = `at-${++seq}`;
    const exp = Math.min(serverNow() + o.accessTtlMs, s.idleExpiresAt, s.absoluteExpiresAt);
    tokens.set(accessToken, { sid: s.id, exp, authTime: s.authTime });
    s.refreshToken = `rt-${seq}`;
    if (!bearer) cookie = s.refreshToken;
    return json(200, {
      user: user(s.userId),
      session: publicSession(s),
      accessToken,
      accessTokenExpiresAt: iso(exp),
      ...(bearer ? { refreshToken: s.refreshToken } : {}),
      serverTime: iso(serverNow()),
    });
  };
  const ended = (s: FakeSession): Response | null => {
    if (s.ended)
      return problem(401, s.ended.code, s.ended.reason ? { reason: s.ended.reason } : {});
    if (serverNow() >= s.absoluteExpiresAt) return problem(401, 'session_expired');
    if (serverNow() >= s.idleExpiresAt) return problem(401, 'session_idle_timeout');
    return null;
  };
  const info = (s: FakeSession, exp: number) =>
    json(200, {
      sessionId: s.id,
      userId: s.userId,
      idleExpiresAt: iso(s.idleExpiresAt),
      absoluteExpiresAt: iso(s.absoluteExpiresAt),
      accessExpiresAt: iso(exp),
      idleTimeoutSeconds: o.idleMs / 1000,
      serverTime: iso(serverNow()),
      aal: 1,
      authTime: iso(s.authTime),
      device: { type: 'desktop', name: 'Test', browser: null, os: null },
    });

  const authenticate = (headers: Headers, passive: boolean) => {
    const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const t = tokens.get(token);
    if (!t) return { error: problem(401, 'invalid_token') };
    const s = sessions.get(t.sid)!;
    const end = ended(s);
    if (end) return { error: end };
    if (serverNow() >= t.exp) return { error: problem(401, 'token_expired') };
    if (!passive) s.idleExpiresAt = Math.min(serverNow() + o.idleMs, s.absoluteExpiresAt);
    return { session: s, exp: t.exp, authTime: t.authTime };
  };

  /** Like POST /reauth: password (totp refused), the refresh token of this session, rotate. */
  const reauth = (s: FakeSession, body: Record<string, string>) => {
    if (body.totp !== undefined || typeof body.password !== 'string')
      return problem(400, 'invalid_request');
    if (USERS.find((x) => x.id === s.userId)?.password !== body.password)
      return problem(401, 'invalid_credentials');
    const bearer = typeof body.refreshToken === 'string';
    if ((bearer ? body.refreshToken : cookie) !== s.refreshToken)
      return problem(401, 'invalid_token');
    s.authTime = serverNow();
    return issue(s, bearer);
  };

  const newSession = (userId: string): FakeSession => {
    const s: FakeSession = {
      id: `s-${++seq}`,
      userId,
      refreshToken: '',
      idleExpiresAt: serverNow() + o.idleMs,
      absoluteExpiresAt: serverNow() + o.absoluteMs,
      authTime: serverNow(),
      ended: null,
    };
    sessions.set(s.id, s);
    return s;
  };

  /** Like GET/PATCH /session/data: a compare-and-set on the version, `null` deletes. */
  const sessionData = (s: FakeSession, method: string, body: unknown) => {
    if (method === 'PATCH') {
      const patch = body as { version: number; set: Record<string, unknown> };
      if (patch.version !== (s.dataVersion ?? 0)) return problem(409, 'version_conflict');
      const data = { ...s.data };
      for (const [k, v] of Object.entries(patch.set)) {
        if (v === null) delete data[k];
        else data[k] = v;
      }
      s.data = data;
      s.dataVersion = (s.dataVersion ?? 0) + 1;
    }
    const data = s.data ?? {};
    return json(200, { data, version: s.dataVersion ?? 0, serverTime: iso(serverNow()) });
  };

  async function handle(r: RecordedRequest): Promise<Response> {
    const passive = r.headers.get('session-activity') === 'passive';
    const body = (r.body ?? {}) as Record<string, string>;
    if (r.method !== 'GET' && r.path.startsWith('/api/auth') && r.credentials === 'include') {
      if (r.headers.get('x-tessera-csrf') !== '1') return problem(403, 'csrf_failed');
    }
    if (r.path === '/api/auth/anonymous') {
      const s = newSession(`${GUEST}${++seq}`);
      return issue(s, body.transport === 'bearer');
    }
    if (r.path === '/api/auth/login') {
      const u = USERS.find((x) => x.email === body.email && x.password === body.password);
      if (!u) return problem(401, 'invalid_credentials');
      const guestToken =
        body.anonymousRefreshToken ?? (r.credentials === 'include' ? cookie : undefined);
      const guest = [...sessions.values()].find(
        (x) => x.userId.startsWith(GUEST) && !x.ended && x.refreshToken === guestToken,
      );
      const s: FakeSession = {
        ...(guest?.data ? { data: { ...guest.data }, dataVersion: 1 } : {}),
        id: `s-${++seq}`,
        userId: u.id,
        refreshToken: '',
        idleExpiresAt: serverNow() + o.idleMs,
        absoluteExpiresAt: serverNow() + o.absoluteMs,
        authTime: serverNow(),
        ended: null,
      };
      sessions.set(s.id, s);
      if (guest) guest.ended = { code: 'session_revoked', reason: 'logout' };
      return issue(s, body.transport === 'bearer');
    }
    if (r.path === '/api/auth/refresh') {
      const bearer = typeof body.refreshToken === 'string';
      const presented = bearer ? body.refreshToken : cookie;
      const s = [...sessions.values()].find((x) => x.refreshToken === presented);
      if (!s) return problem(401, 'invalid_token');
      const end = ended(s);
      if (end) return end;
      if (!passive) s.idleExpiresAt = Math.min(serverNow() + o.idleMs, s.absoluteExpiresAt);
      return issue(s, bearer);
    }
    if (r.path === '/api/auth/logout') {
      // Like the real route: the access token names the session, else the refresh token
      // (body or cookie); idempotent 204, and the cookie is cleared.
      const byToken = authenticate(r.headers, true).session;
      const presented =
        body.refreshToken ?? (r.credentials === 'include' ? cookie : null) ?? undefined;
      const s = byToken ?? [...sessions.values()].find((x) => x.refreshToken === presented);
      if (s && !s.ended) s.ended = { code: 'session_revoked', reason: 'logout' };
      if (r.credentials === 'include') cookie = null;
      return json(204, null);
    }
    const auth = authenticate(r.headers, passive || r.path === '/api/auth/session-info');
    if (auth.error) return auth.error;
    const { session: s, exp } = auth;
    if (r.path === '/api/auth/reauth') return reauth(s, body);
    if (r.path === '/api/auth/session/data') return sessionData(s, r.method, r.body);
    if (r.path === '/api/step-up-protected' && serverNow() - auth.authTime > MAX_AUTH_AGE_MS)
      return problem(403, 'step_up_required');
    if (r.path === '/api/auth/session-info' || r.path === '/api/auth/extend') return info(s, exp);
    if (r.path === '/api/auth/me')
      return json(200, { user: user(s.userId), serverTime: iso(serverNow()) });
    return json(200, { ok: true, path: r.path });
  }

  return {
    requests,
    sessions,
    serverNow,
    /** Every route call count, e.g. count('/api/auth/refresh'). */
    count: (path: string) => requests.filter((r) => r.path === path).length,
    /** Make every issued access token expired (server side). */
    expireAccessTokens() {
      for (const t of tokens.values()) t.exp = serverNow() - 1;
    },
    endSession(code: string, reason?: string) {
      for (const s of sessions.values()) s.ended = { code, ...(reason ? { reason } : {}) };
    },
    override(path: string, respond: () => Response | Promise<Response>) {
      overrides.set(path, [...(overrides.get(path) ?? []), respond]);
    },
    json,
    problem,
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      );
      const text = typeof init.body === 'string' ? init.body : null;
      const r: RecordedRequest = {
        method: init.method ?? 'GET',
        path: url.pathname,
        headers: new Headers(init.headers),
        body: text ? JSON.parse(text) : null,
        credentials: init.credentials,
      };
      requests.push(r);
      const queued = overrides.get(r.path);
      const next = queued?.shift();
      if (next) return next();
      return handle(r);
    }) as typeof fetch,
  };
}

export type FakeServer = ReturnType<typeof createFakeServer>;
