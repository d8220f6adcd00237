import type { ErrorCode, Problem, RevocationReason } from '@tessera/protocol';
import { ERROR_STATUS, ERROR_TITLES } from '@tessera/protocol';

/** A refusal in framework-neutral form: each adapter only copies it onto its response. */
export interface Rejection {
  readonly ok: false;
  readonly status: number;
  readonly body: Readonly<Problem>;
  /** `body` serialised once. */
  readonly json: string;
  readonly headers: Readonly<Record<string, string>>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 body for a code, with the status from protocol's single status table. */
export function problemBody(
  code: ErrorCode,
  extra?: { reason?: RevocationReason; detail?: string; retryAfter?: number },
): Problem {
  const body: Problem = {
    type: `https://tessera.dev/errors/${code}`,
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    code,
  };
  if (extra?.detail !== undefined) body.detail = extra.detail;
  if (extra?.reason !== undefined) body.reason = extra.reason;
  if (extra?.retryAfter !== undefined) body.retryAfter = extra.retryAfter;
  return body;
}

export function rejection(
  body: Problem,
  headers: Readonly<Record<string, string>> = {},
): Rejection {
  return Object.freeze({
    ok: false as const,
    status: body.status,
    body: Object.freeze(body),
    json: JSON.stringify(body),
    headers: Object.freeze({
      'content-type': PROBLEM_CONTENT_TYPE,
      'cache-control': 'no-store',
      ...headers,
    }),
  });
}
