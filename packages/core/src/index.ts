export { createSessionEngine } from './engine/create-session-engine.ts';
export { systemClock, webCryptoRandom } from './engine/defaults.ts';
export { ANONYMOUS_USER_PREFIX, isAnonymousUserId } from './engine/guest-user-id.ts';
export type { JwsSigner } from './engine/jws-signer.ts';
export type {
  Duration,
  EngineOptions,
  RolePolicy,
  SessionLimitPolicy,
  SigningAlgorithm,
} from './engine/options.ts';
export { parseDuration } from './engine/parse-duration.ts';
export type { RevocationFeed } from './engine/revocation-feed.ts';
export type {
  AccessTokenClaims,
  AnonymousInput,
  Clock,
  IssuedTokens,
  RandomSource,
  ReauthenticateInput,
  RefreshOptions,
  RefreshResult,
  Refusal,
  SessionCheck,
  SessionData,
  SessionDataPatchInput,
  SessionDataResult,
  SessionDataUpdateResult,
  SessionEngine,
  SessionEvent,
  SessionEventOf,
  SessionEventType,
  SignInInput,
  VerifiedAccess,
  VerifyResult,
} from './engine/types.ts';
export type { TesseraErrorCode } from './errors.ts';
export {
  ConfigError,
  InvalidInputError,
  SessionDataUnreadableError,
  SessionLimitError,
  StoreUnavailableError,
  TesseraError,
  UserExistsError,
} from './errors.ts';
export type { JobLock, RateLimitStore } from './store/coordination.ts';
export type { KeyStore, SigningKeyRecord } from './store/key-store.ts';
export { createMemoryStore } from './store/memory-store.ts';
export type { DeviceRecord, RefreshTokenRecord, SessionRecord } from './store/session-record.ts';
export type {
  DataUpdateInput,
  RevokedSession,
  RevokeForUserInput,
  RevokeInput,
  RotateInput,
  SessionStore,
  TouchInput,
} from './store/session-store.ts';
export type { UserRecord, UserStore } from './store/user-store.ts';
