import { AUTH_BASE_PATH, Cookies } from '@tessera/protocol';

/** Browsers cap cookie lifetime at 400 days (RFC 6265bis); we never ask for more. */
const MAX_COOKIE_AGE_SECONDS = 400 * 24 * 60 * 60;

export function refreshCookieName(secure: boolean): string {
  return secure ? Cookies.refresh : Cookies.refreshInsecure;
}

/**
 * Set-Cookie for the refresh token: HttpOnly, SameSite=Strict, Path=/api/auth, and Secure with
 * the `__Secure-` prefix unless cookieSecure=false. Persistent only for remember-me sessions.
 */
export function refreshCookie(
  token: string,
  options: { secure: boolean; persistUntil: number | null; now: number },
): string {
  const parts = [`${refreshCookieName(options.secure)}=${token}`, ...attributes(options.secure)];
  if (options.persistUntil !== null) {
    const seconds = Math.floor((options.persistUntil - options.now) / 1000);
    parts.push(`Max-Age=${Math.max(0, Math.min(seconds, MAX_COOKIE_AGE_SECONDS))}`);
  }
  return parts.join('; ');
}

export function clearRefreshCookie(secure: boolean): string {
  return [`${refreshCookieName(secure)}=`, ...attributes(secure), 'Max-Age=0'].join('; ');
}

/** The refresh token from the Cookie header (only the name that matches the configuration). */
export function readRefreshCookie(headers: Headers, secure: boolean): string | null {
  const header = headers.get('cookie');
  if (header === null) return null;
  const name = refreshCookieName(secure);
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0 || pair.slice(0, index).trim() !== name) continue;
    const value = pair.slice(index + 1).trim();
    return /^[A-Za-z0-9._~-]{1,512}$/.test(value) ? value : null;
  }
  return null;
}

function attributes(secure: boolean): string[] {
  const list = [`Path=${AUTH_BASE_PATH}`, 'HttpOnly', 'SameSite=Strict'];
  if (secure) list.push('Secure');
  return list;
}
