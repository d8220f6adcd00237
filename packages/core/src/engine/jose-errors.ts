import { errors } from 'jose';
import type { Refusal } from './types.ts';

/**
 * The one place jose's errors become Tessera outcomes: an expired token is `token_expired`,
 * every other failure (signature, alg, claims, typ, malformed input) is `invalid_token`.
 */
export function refusalFromJoseError(error: unknown): Refusal {
  if (error instanceof errors.JWTExpired) return { ok: false, code: 'token_expired' };
  return { ok: false, code: 'invalid_token' };
}
