/** Wire types of the HTTP contract. Timestamps are ISO 8601 UTC strings. */

export type Transport = 'cookie' | 'bearer';
export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'unknown';
export type Aal = 1 | 2;

export interface DeviceInfo {
  type: DeviceType;
  /** Readable name, e.g. "Chrome on macOS" or "iPhone". */
  name: string;
  browser: string | null;
  os: string | null;
}

export interface PublicUser {
  id: string;
  email: string;
  roles: string[];
}

/** A session as the API shows it: never a token or a hash. */
export interface PublicSession {
  id: string;
  current: boolean;
  kind: 'user' | 'anonymous';
  createdAt: string;
  lastActiveAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  authTime: string;
  aal: Aal;
  rememberMe: boolean;
  device: DeviceInfo;
  ip: string | null;
  location: string | null;
}

export interface LoginRequest {
  email: string;
  password: string;
  rememberMe?: boolean;
  transport?: Transport;
  /**
   * Bearer transport: the refresh token of the guest session (POST /anonymous) to merge into
   * the new session. Cookie transport sends the refresh cookie instead.
   */
  anonymousRefreshToken?: string;
}

/** POST /anonymous: a guest session, answered like login (TokenResponse with `user: null`). */
export interface AnonymousRequest {
  transport?: Transport;
}

export interface RefreshRequest {
  /** Bearer transport only; cookie transport sends the refresh cookie and an empty body. */
  refreshToken?: string;
}

/** Answer of POST /login and POST /refresh. */
export interface TokenResponse {
  /** Null exactly for a guest session (`session.kind` is `anonymous`). */
  user: PublicUser | null;
  session: PublicSession;
  accessToken: string;
  accessTokenExpiresAt: string;
  /** Bearer transport only. */
  refreshToken?: string;
  serverTime: string;
}

export interface MeResponse {
  user: PublicUser;
  serverTime: string;
}

/** Answer of GET /session-info and POST /extend. */
export interface SessionInfoResponse {
  sessionId: string;
  userId: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  /** Expiry of the access token that authenticated this request. */
  accessExpiresAt: string;
  /** Idle timeout of this session in seconds (lets the UI state the limit up front). */
  idleTimeoutSeconds: number;
  serverTime: string;
  aal: Aal;
  authTime: string;
  device: DeviceInfo;
}

export interface SessionListResponse {
  sessions: PublicSession[];
  serverTime: string;
}

export interface RevokeAllResponse {
  revoked: number;
  serverTime: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface ChangePasswordResponse {
  /** Number of other sessions ended with reason `password_changed`. */
  revoked: number;
  serverTime: string;
}

/** POST /reauth (step-up); answered like POST /refresh (TokenResponse). */
export interface ReauthRequest {
  /** The user's current password (required while no second factor exists). */
  password?: string;
  /** Not supported yet: a request that carries it is answered 400 `invalid_request`. */
  totp?: string;
  /** Bearer transport only (rotated like /refresh); cookie transport sends the refresh cookie. */
  refreshToken?: string;
}

export interface SessionDataResponse {
  data: Record<string, unknown>;
  version: number;
  serverTime: string;
}

export interface SessionDataPatch {
  /** Optimistic concurrency: the version the client last saw. */
  version: number;
  /** Keys to set; `null` deletes a key. */
  set: Record<string, unknown>;
}

export interface HealthResponse {
  status: 'ok' | 'unavailable';
  checks?: Record<string, 'ok' | 'unavailable'>;
}

export interface Jwks {
  keys: Record<string, unknown>[];
}
