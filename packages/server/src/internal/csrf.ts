import { Headers as H } from '@tessera/protocol';

const ALLOWED_FETCH_SITES = new Set(['same-origin', 'same-site', 'none']);

/**
 * CSRF check for cookie-authenticated state changes. Requires the custom header (a cross-site
 * form cannot send it and a cross-origin fetch needs a CORS preflight we only grant to trusted
 * origins); when present, Origin must be this host or a trusted origin, and Sec-Fetch-Site
 * must not be cross-site. Returns true when the request may proceed.
 */
export function passesCsrf(request: Request, trustedOrigins: readonly string[]): boolean {
  const marker = request.headers.get(H.csrf);
  if (marker === null || marker.trim() === '') return false;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && !ALLOWED_FETCH_SITES.has(site.toLowerCase())) return false;
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  if (trustedOrigins.includes(origin)) return true;
  return sameHost(origin, request);
}

// Compared by host (and port) rather than full origin: behind a TLS-terminating proxy the
// request URL says http while the browser's Origin says https.
function sameHost(origin: string, request: Request): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = request.headers.get('host') ?? new URL(request.url).host;
  return originHost.toLowerCase() === host.toLowerCase();
}
