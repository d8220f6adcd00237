import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { AUTH_BASE_PATH, RootRoutes } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppEnv } from '../internal/app-deps.ts';

/**
 * The UI's pages: same-origin scripts only. Inline style attributes are allowed because UI kits
 * set them; inline scripts are not. (Other responses get the API's deny-all policy.)
 */
const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const ROOT_PATHS = new Set<string>(Object.values(RootRoutes));

/**
 * Serves TESSERA_STATIC_DIR at `/` for GET and HEAD, with an SPA fallback to index.html for
 * paths without a file extension. Never serves outside the directory or under /api.
 */
export function registerStaticFiles(app: Hono<AppEnv>, dir: string): void {
  const root = resolve(dir);
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (
      path.startsWith('/api/') ||
      path === '/api' ||
      path.startsWith(AUTH_BASE_PATH) ||
      ROOT_PATHS.has(path)
    )
      return next();
    const file =
      (await fileFor(root, path)) ??
      (extname(path) === '' ? await fileFor(root, '/index.html') : null);
    if (file === null) return next();
    const body = c.req.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const cache = file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600';
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': cache };
    if (type.startsWith('text/html')) headers['content-security-policy'] = UI_CSP;
    return new Response(body, { status: 200, headers });
  });
}

async function fileFor(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = resolve(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  const target = candidate === root ? join(root, 'index.html') : candidate;
  try {
    return (await stat(target)).isFile() ? target : null;
  } catch {
    return null;
  }
}
