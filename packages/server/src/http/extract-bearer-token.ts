/** Largest Authorization value accepted; larger requests are answered 431 by the service. */
export const MAX_AUTHORIZATION_LENGTH = 8192;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The access token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or null.
 * Only the header is read: tokens in the URL or body are never accepted.
 */
export function extractBearerToken(headers: Headers): string | null {
  const value = headers.get('authorization');
  if (value === null || value.length > MAX_AUTHORIZATION_LENGTH) return null;
  return BEARER.exec(value)?.[1] ?? null;
}
