import type { SignOutReason } from '@tessera/protocol';
import { Headers as H, isSignOutReason } from '@tessera/protocol';

export type SessionClientErrorKind =
  | 'session_expired'
  | 'invalid_credentials'
  | 'forbidden'
  | 'rate_limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'invalid_request'
  | 'session_limit_reached'
  | 'step_up_required'
  | 'version_conflict'
  | 'quota_exceeded';

const MESSAGES: Record<SessionClientErrorKind, string> = {
  forbidden: 'You do not have permission to do that.',
  rate_limited: 'Too many requests. Please try again later.',
  network: 'Network error. Please check your connection.',
  timeout: 'Request timeout. Please try again.',
  server: 'Something went wrong on our side. Please try again.',
  session_expired: 'Your session has expired. Please log in again.',
  invalid_credentials: 'Incorrect email or password.',
  invalid_request: 'The request could not be processed. Please check your input.',
  session_limit_reached: 'You have too many active sessions. Sign out on another device first.',
  step_up_required: 'Please confirm your password to continue.',
  version_conflict: 'This was changed elsewhere in the meantime. Please try again.',
  quota_exceeded: 'There is too much to save here. Please remove something and try again.',
};

/** A message that is safe to show to users for each error kind. */
export function friendlyMessage(kind: SessionClientErrorKind): string {
  return MESSAGES[kind];
}

export interface SessionClientErrorDetails {
  code?: string | null;
  status?: number | null;
  retryAfterSeconds?: number | null;
  reason?: SignOutReason | null;
  cause?: unknown;
}

/** The one error class of the client: a `kind`, the wire `code`, and a friendly message. */
export class SessionClientError extends Error {
  kind: SessionClientErrorKind;
  code: string | null;
  status: number | null;
  retryAfterSeconds: number | null;
  reason: SignOutReason | null;
  constructor(kind: SessionClientErrorKind, details: SessionClientErrorDetails = {}) {
    super(friendlyMessage(kind), { cause: details.cause });
    this.name = 'SessionClientError';
    this.kind = kind;
    this.code = details.code ?? null;
    this.status = details.status ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.reason = details.reason ?? null;
  }
}

/** The members of a problem+json body the client reads. */
export interface ProblemInfo {
  code: string | null;
  reason: SignOutReason | null;
  retryAfter: number | null;
  body: unknown;
}

/** Reads a problem+json body without consuming `res` (it reads a clone). */
export async function readProblem(res: Response): Promise<ProblemInfo> {
  let body: unknown = null;
  try {
    body = await res.clone().json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): no code.
  }
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    code: typeof o.code === 'string' ? o.code : null,
    reason: isSignOutReason(o.reason) ? o.reason : null,
    retryAfter: typeof o.retryAfter === 'number' ? o.retryAfter : null,
    body,
  };
}

/** Retry-After as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - nowMs) / 1000)) : null;
}

function kindFor(status: number, code: string | null): SessionClientErrorKind {
  if (code === 'invalid_credentials') return 'invalid_credentials';
  if (code === 'step_up_required') return 'step_up_required';
  if (code === 'session_limit_reached') return 'session_limit_reached';
  if (code === 'version_conflict') return 'version_conflict';
  if (code === 'quota_exceeded') return 'quota_exceeded';
  if (status === 401) return 'session_expired';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'invalid_request';
}

/** Turns a non-2xx response into a SessionClientError (kind, code, reason, Retry-After). */
export async function errorFromResponse(
  res: Response,
  nowMs = Date.now(),
): Promise<SessionClientError> {
  const p = await readProblem(res);
  return new SessionClientError(kindFor(res.status, p.code), {
    code: p.code,
    status: res.status,
    reason: p.reason,
    retryAfterSeconds: parseRetryAfter(res.headers.get(H.retryAfter), nowMs) ?? p.retryAfter,
  });
}

/** Classifies a rejection of fetch(): timeouts, then everything else as a network failure. */
export function errorFromThrown(error: unknown): SessionClientError {
  if (error instanceof SessionClientError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const kind = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
  return new SessionClientError(kind, { cause: error });
}
