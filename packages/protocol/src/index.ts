export type { ErrorCode, Problem, RevocationReason, SignOutReason } from './errors.ts';
export {
  ERROR_CODES,
  isErrorCode,
  isRevocationReason,
  isSignOutReason,
  REVOCATION_REASONS,
  SIGN_OUT_REASONS,
} from './errors.ts';
export { Cookies, CSRF_HEADER_VALUE, Headers, PASSIVE_ACTIVITY } from './headers.ts';
export { ERROR_STATUS, ERROR_TITLES } from './messages.ts';
export type { RouteName } from './routes.ts';
export { AUTH_BASE_PATH, RootRoutes, Routes } from './routes.ts';
export type {
  Aal,
  AnonymousRequest,
  ChangePasswordRequest,
  ChangePasswordResponse,
  DeviceInfo,
  DeviceType,
  HealthResponse,
  Jwks,
  LoginRequest,
  MeResponse,
  PublicSession,
  PublicUser,
  ReauthRequest,
  RefreshRequest,
  RevokeAllResponse,
  SessionDataPatch,
  SessionDataResponse,
  SessionInfoResponse,
  SessionListResponse,
  TokenResponse,
  Transport,
} from './types.ts';
