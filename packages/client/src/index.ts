export { appStateLifecycle } from './adapters/app-state.ts';
export type { SessionClientErrorKind } from './errors.ts';
export { errorFromResponse, friendlyMessage, SessionClientError } from './errors.ts';
export { createSessionClient } from './session-client.ts';
export { memoryStorage, REFRESH_TOKEN_KEY } from './storage.ts';
export type {
  ChannelLike,
  DocumentLike,
  DraftAccessor,
  DraftRegistry,
  EventTargetLike,
  KeyValueStorage,
  LifecycleSource,
  LockManagerLike,
  SecureStorage,
  SessionClient,
  SessionClientOptions,
  SessionEvents,
  SessionState,
  SessionStatus,
} from './types.ts';
