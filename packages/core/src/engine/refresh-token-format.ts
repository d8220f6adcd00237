import { randomBase64url } from '../internal/random-id.ts';
import { REFRESH_TOKEN_BYTES } from './constants.ts';
import type { RandomSource } from './types.ts';

/** Longest refresh token accepted before any hashing or lookup. */
export const MAX_REFRESH_TOKEN_LENGTH = 256;

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** base64url of at least REFRESH_TOKEN_BYTES (32 bytes ⇒ 43 characters). */
const SECRET = /^[A-Za-z0-9_-]{43,}$/;

/**
 * A refresh token is `<session id>.<256 random bits, base64url>`; only its SHA-256 is stored.
 * The session id lets a store keep a session's tokens together (SQLite: one B-tree keyed by
 * session, no second index to maintain on every rotation) and look a token up within its
 * session. It reveals nothing the holder lacks (the access token's `sid` claim is the same id)
 * and grants nothing: the random part is what is checked, against the stored hash.
 */
export function newRefreshToken(random: RandomSource, sessionId: string): string {
  return `${sessionId}.${randomBase64url(random, REFRESH_TOKEN_BYTES)}`;
}

/** The session id a presented token names, or null when it is not a well-formed token. */
export function refreshTokenSessionId(token: unknown): string | null {
  if (typeof token !== 'string' || token.length > MAX_REFRESH_TOKEN_LENGTH) return null;
  const dot = token.indexOf('.');
  if (dot < 1) return null;
  const sessionId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return SESSION_ID.test(sessionId) && SECRET.test(secret) ? sessionId : null;
}
