/** Base path of every auth route. */
export const AUTH_BASE_PATH = '/api/auth';

/** Route paths relative to {@link AUTH_BASE_PATH}. */
export const Routes = {
  login: '/login',
  refresh: '/refresh',
  logout: '/logout',
  me: '/me',
  sessionInfo: '/session-info',
  extend: '/extend',
  sessions: '/sessions',
  session: '/sessions/:id',
  revokeAll: '/sessions/revoke-all',
  password: '/password',
  reauth: '/reauth',
  anonymous: '/anonymous',
  sessionData: '/session/data',
} as const;

/** Routes served at the root, outside the auth base path. */
export const RootRoutes = {
  jwks: '/.well-known/jwks.json',
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  openapi: '/openapi.json',
} as const;

export type RouteName = keyof typeof Routes;
