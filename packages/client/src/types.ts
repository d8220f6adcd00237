import type {
  PublicSession,
  PublicUser,
  SessionDataPatch,
  SessionDataResponse,
  SessionInfoResponse,
  SignOutReason,
} from '@tessera/protocol';

/** Where the bearer transport keeps the refresh token (Keychain / Keystore on mobile). */
export interface SecureStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** App foreground/background signals (React Native AppState) used instead of page visibility. */
export interface LifecycleSource {
  onForeground(cb: () => void): () => void;
  onBackground(cb: () => void): () => void;
}

/** The subset of the Web Locks API the client uses (`navigator.locks`). */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
}

/** The subset of BroadcastChannel the client uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface EventTargetLike {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: () => void, options?: EventListenerOptions): void;
}

export interface DocumentLike extends EventTargetLike {
  readonly visibilityState: string;
}

/** The subset of `localStorage` the draft registry uses. */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SessionClientOptions {
  /** Origin of the Tessera service, e.g. '' (same origin) or 'https://api.example.com'. */
  baseUrl: string;
  transport: 'cookie' | 'bearer';
  /** Bearer: where the refresh token persists (mobile secure storage). Default: memory only. */
  storage?: SecureStorage;
  fetch?: typeof fetch;
  /** Client clock in ms. Default `Date.now`. */
  now?: () => number;
  /** Idle warning lead in ms, default 120_000, clamped to ≥ 30_000. */
  warningLeadMs?: number;
  /** At most one activity keep-alive (POST /extend) per interval, ms. Default 60_000. */
  keepAliveIntervalMs?: number;
  /** Per-request timeout in ms. Default 15_000. */
  requestTimeoutMs?: number;
  lifecycle?: LifecycleSource;
  /** BroadcastChannel / Web Lock name prefix, default 'tessera'. */
  channelName?: string;
  // Additions (environment injection; defaults come from the browser globals).
  /** Web Locks; `null` disables cross-tab locking. Default `navigator.locks`. */
  locks?: LockManagerLike | null;
  /** Channel factory; `null` disables cross-tab messages. Default `new BroadcastChannel(name)`. */
  createChannel?: ((name: string) => ChannelLike) | null;
  /** Called when another tab signs in as a different user. Default `location.reload()`. */
  reload?: () => void;
  /** Where drafts are kept across a forced sign-out. Default `localStorage`. */
  draftStorage?: KeyValueStorage | null;
  /** Activity and wake events source. Default `window`. */
  window?: EventTargetLike | null;
  /** Visibility source. Default `document`. */
  document?: DocumentLike | null;
  /**
   * Circuit breaker: at most `maxAttempts` /refresh calls per `windowMs`. Default 3 per 30 s; the
   * window shrinks to the access token's lifetime (not below 5 s) when tokens are shorter.
   */
  refreshBreaker?: { maxAttempts: number; windowMs: number };
  /** How long to wait for the cross-tab refresh lock before refreshing anyway, ms. Default 10_000. */
  lockTimeoutMs?: number;
}

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out' | 'expired';

export interface SessionState {
  status: SessionStatus;
  /** Null when signed out, and in a guest session (`session.kind` is `anonymous`). */
  user: PublicUser | null;
  session: PublicSession | null;
  /** Server deadlines converted to the client's clock (ms). */
  idleExpiresAt: number | null;
  absoluteExpiresAt: number | null;
  /** The inactivity limit, to state it up front. */
  idleTimeoutSeconds: number | null;
  /** When the idle warning shows (client clock, ms). */
  warningAt: number | null;
  /** Why the user was signed out. */
  reason: SignOutReason | null;
}

export interface SessionEvents {
  change: SessionState;
  refreshed: { accessTokenExpiresAt: number };
  expired: { reason: 'idle_timeout' | 'session_expired' };
  revoked: { reason: SignOutReason };
  warning: { deadline: number };
  extended: { idleExpiresAt: number };
  logout: { reason: 'logout' };
  'user-changed': { userId: string | null };
  'step-up-required': { problem: unknown };
  /** A step-up succeeded: the session's last full authentication (client clock, ms) and level. */
  reauthenticated: { authTime: number; aal: 1 | 2 };
}

export interface DraftAccessor {
  get(): unknown;
  set(value: unknown): void;
}

export interface DraftRegistry {
  /** Snapshot before a forced sign-out; restored after the same user signs in again. */
  register(key: string, accessor: DraftAccessor): () => void;
  /** Called automatically after sign-in; restores registered drafts for the same user. */
  restore(): void;
}

export interface SessionClient {
  start(): Promise<void>;
  getState(): SessionState;
  login(input: { email: string; password: string; rememberMe?: boolean }): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  extend(): Promise<void>;
  me(): Promise<PublicUser>;
  sessionInfo(): Promise<SessionInfoResponse>;
  listSessions(): Promise<PublicSession[]>;
  revokeSession(id: string): Promise<void>;
  revokeOtherSessions(): Promise<number>;
  changePassword(input: { currentPassword: string; newPassword: string }): Promise<number>;
  /**
   * Start a guest session (POST /anonymous): state `signed-in` with `user: null` and
   * `session.kind` `anonymous`; it refreshes and times out like any session. A later `login`
   * merges its session data into the user's new session and ends it. Already a guest: resolves
   * and keeps that session. Signed in as a user: throws (call `logout()` first).
   */
  startGuest(): Promise<void>;
  /** This session's data (GET /session/data), guest or user. */
  getSessionData(): Promise<SessionDataResponse>;
  /**
   * Update this session's data at the version last read (`null` deletes a key). Rejects with
   * kind `version_conflict` when it changed meanwhile, `quota_exceeded` when too large.
   */
  updateSessionData(patch: SessionDataPatch): Promise<SessionDataResponse>;
  /**
   * Step-up (POST /reauth): confirm the password to satisfy `step-up-required`, then retry the
   * refused request. New tokens are swapped in as by a refresh. A wrong password rejects with
   * kind `invalid_credentials` and keeps the session; second factors are not supported yet.
   */
  reauthenticate(input: { password: string }): Promise<void>;
  fetch(input: RequestInfo | URL, init?: RequestInit & { passive?: boolean }): Promise<Response>;
  on<E extends keyof SessionEvents>(
    event: E,
    listener: (payload: SessionEvents[E]) => void,
  ): () => void;
  drafts: DraftRegistry;
  /** Addition: report user activity from non-DOM environments (React Native touch handlers). */
  reportActivity(): void;
  /** The server's current time (ms), from this client's clock and the measured offset. */
  serverNow(): number;
  dispose(): void;
}
