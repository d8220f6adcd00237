/**
 * Prefix of guest user ids (POST /anonymous). Reserved: sign-in refuses a user account whose id
 * starts with it, so a guest and a user can never be mistaken for each other (the middlewares
 * tell them apart by the access token's `sub`). The UUIDs Tessera's user stores issue never
 * contain a colon.
 */
export const ANONYMOUS_USER_PREFIX = 'anon:';

/** True for a user id that belongs to a guest session (never to a user account). */
export function isAnonymousUserId(userId: string): boolean {
  return userId.startsWith(ANONYMOUS_USER_PREFIX);
}
