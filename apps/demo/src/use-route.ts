import { useSyncExternalStore } from 'react';

/** Hash routes: `#/notes`, `#/login?reason=idle_timeout&next=/notes`. No router library needed. */
export const ROUTES = ['/login', '/notes', '/settings', '/admin'] as const;
export type RoutePath = (typeof ROUTES)[number];

export interface Route {
  path: RoutePath | null;
  query: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

export function parseRoute(hash: string): Route {
  const [rawPath = '', rawQuery = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = (ROUTES as readonly string[]).includes(rawPath) ? (rawPath as RoutePath) : null;
  return { path, query: new URLSearchParams(rawQuery) };
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, getHash, getHash));
}

export function navigate(path: RoutePath, query?: Record<string, string>): void {
  const qs = query ? new URLSearchParams(query).toString() : '';
  window.location.hash = qs ? `${path}?${qs}` : path;
}

/** `next=` is only ever one of our own routes (no open redirect). */
export function safeNext(value: string | null): RoutePath {
  return value !== null && value !== '/login' && (ROUTES as readonly string[]).includes(value)
    ? (value as RoutePath)
    : '/notes';
}
