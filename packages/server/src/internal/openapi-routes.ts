// Route metadata for /openapi.json. Request bodies reference the schemas the handlers validate.
import { AUTH_BASE_PATH, RootRoutes, Routes } from '@tessera/protocol';
import type { z } from 'zod';
import * as s from './schemas.ts';

/** `bearer+refresh`: the access token, plus the refresh cookie or (bearer mode) the body's token. */
export type Auth = 'none' | 'bearer' | 'refresh' | 'bearer+refresh';

export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: Auth;
  body?: z.ZodType;
  /** Success status and schema (null = no body). */
  ok: { status: number; schema: z.ZodType | null; contentType?: string };
  /** Error codes this route answers with, besides the generic ones. */
  errors: readonly string[];
}

const A = AUTH_BASE_PATH;
const AUTHED = [
  'invalid_token',
  'token_expired',
  'session_revoked',
  'session_expired',
  'session_idle_timeout',
];

export const ROUTE_DOCS: readonly RouteDoc[] = [
  {
    method: 'post',
    path: A + Routes.login,
    summary: 'Sign in with email and password',
    auth: 'none',
    body: s.LoginRequestSchema,
    ok: { status: 200, schema: s.TokenResponseSchema },
    errors: ['invalid_credentials', 'rate_limited', 'session_limit_reached'],
  },
  {
    method: 'post',
    path: A + Routes.refresh,
    summary: 'Rotate the refresh token and issue a new access token',
    auth: 'refresh',
    body: s.RefreshRequestSchema,
    ok: { status: 200, schema: s.TokenResponseSchema },
    errors: [
      'invalid_token',
      'refresh_token_reused',
      'session_revoked',
      'session_expired',
      'session_idle_timeout',
      'csrf_failed',
    ],
  },
  {
    method: 'post',
    path: A + Routes.logout,
    summary: 'End this session and clear the refresh cookie',
    auth: 'refresh',
    body: s.LogoutRequestSchema,
    ok: { status: 204, schema: null },
    errors: ['csrf_failed'],
  },
  {
    method: 'get',
    path: A + Routes.me,
    summary: 'The current user',
    auth: 'bearer',
    ok: { status: 200, schema: s.MeResponseSchema },
    errors: [...AUTHED, 'forbidden'],
  },
  {
    method: 'get',
    path: A + Routes.sessionInfo,
    summary: 'Deadlines of this session (never slides the idle deadline)',
    auth: 'bearer',
    ok: { status: 200, schema: s.SessionInfoResponseSchema },
    errors: AUTHED,
  },
  {
    method: 'post',
    path: A + Routes.extend,
    summary: 'Stay signed in: counts as activity and returns the new deadlines',
    auth: 'bearer',
    body: s.EmptyRequestSchema,
    ok: { status: 200, schema: s.SessionInfoResponseSchema },
    errors: AUTHED,
  },
  {
    method: 'get',
    path: A + Routes.sessions,
    summary: "The caller's active sessions",
    auth: 'bearer',
    ok: { status: 200, schema: s.SessionListResponseSchema },
    errors: [...AUTHED, 'forbidden'],
  },
  {
    method: 'delete',
    path: A + Routes.session,
    summary: "Revoke one of the caller's sessions",
    auth: 'bearer',
    ok: { status: 204, schema: null },
    errors: [...AUTHED, 'not_found', 'forbidden'],
  },
  {
    method: 'post',
    path: A + Routes.revokeAll,
    summary: "Revoke all of the caller's other sessions",
    auth: 'bearer',
    body: s.EmptyRequestSchema,
    ok: { status: 200, schema: s.RevokedCountResponseSchema },
    errors: [...AUTHED, 'forbidden'],
  },
  {
    method: 'post',
    path: A + Routes.password,
    summary: 'Change the password; ends every other session',
    auth: 'bearer',
    body: s.ChangePasswordRequestSchema,
    ok: { status: 200, schema: s.RevokedCountResponseSchema },
    errors: [...AUTHED, 'invalid_credentials', 'rate_limited', 'forbidden'],
  },
  {
    method: 'post',
    path: A + Routes.reauth,
    summary:
      'Step-up: confirm the password for a fresh auth_time; rotates the refresh token, answers like /refresh (totp: not supported yet, 400)',
    auth: 'bearer+refresh',
    body: s.ReauthRequestSchema,
    ok: { status: 200, schema: s.TokenResponseSchema },
    errors: [
      ...AUTHED,
      'invalid_request',
      'invalid_credentials',
      'rate_limited',
      'refresh_token_reused',
      'csrf_failed',
    ],
  },
  {
    method: 'post',
    path: A + Routes.anonymous,
    summary: 'Start a guest session (answered like /login with user null); merged at login',
    auth: 'none',
    body: s.AnonymousRequestSchema,
    ok: { status: 200, schema: s.TokenResponseSchema },
    errors: ['rate_limited', 'csrf_failed'],
  },
  {
    method: 'get',
    path: A + Routes.sessionData,
    summary: "This session's data (decrypted) and its version",
    auth: 'bearer',
    ok: { status: 200, schema: s.SessionDataResponseSchema },
    errors: AUTHED,
  },
  {
    method: 'patch',
    path: A + Routes.sessionData,
    summary: 'Set (or, with null, delete) keys of this session data at a known version',
    auth: 'bearer',
    body: s.SessionDataPatchSchema,
    ok: { status: 200, schema: s.SessionDataResponseSchema },
    errors: [...AUTHED, 'version_conflict', 'quota_exceeded'],
  },
  {
    method: 'get',
    path: RootRoutes.jwks,
    summary: 'Public signing keys (JWKS)',
    auth: 'none',
    ok: { status: 200, schema: s.JwksSchema },
    errors: [],
  },
  {
    method: 'get',
    path: RootRoutes.healthz,
    summary: 'Liveness',
    auth: 'none',
    ok: { status: 200, schema: s.HealthResponseSchema },
    errors: [],
  },
  {
    method: 'get',
    path: RootRoutes.readyz,
    summary: 'Readiness (store reachable)',
    auth: 'none',
    ok: { status: 200, schema: s.HealthResponseSchema },
    errors: ['unavailable'],
  },
  {
    method: 'get',
    path: RootRoutes.metrics,
    summary: 'Prometheus metrics',
    auth: 'none',
    ok: { status: 200, schema: null, contentType: 'text/plain' },
    errors: [],
  },
  {
    method: 'get',
    path: RootRoutes.openapi,
    summary: 'This OpenAPI document',
    auth: 'none',
    ok: { status: 200, schema: null, contentType: 'application/json' },
    errors: [],
  },
];
