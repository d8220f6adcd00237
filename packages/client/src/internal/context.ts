import type { ClockOffset } from '../clock-offset.ts';
import type { CrossTab } from '../cross-tab.ts';
import type { DraftStore } from '../drafts.ts';
import type { HttpOptions } from '../http.ts';
import type { IdleScheduler } from '../idle-scheduler.ts';
import type { KeepAlive } from '../keep-alive.ts';
import type { RefreshCoordinator } from '../refresh-coordinator.ts';
import type { SecureStorage, SessionEvents, SessionState } from '../types.ts';
import type { Emitter } from './emitter.ts';
import type { Timers } from './timers.ts';

/** The mutable state one client instance shares between its modules. */
export interface ClientContext {
  readonly transport: 'cookie' | 'bearer';
  readonly baseUrl: string;
  readonly storage: SecureStorage;
  readonly now: () => number;
  readonly warningLeadMs: number;
  readonly reload: () => void;
  readonly http: HttpOptions;
  readonly clock: ClockOffset;
  readonly timers: Timers;
  readonly events: Emitter<SessionEvents>;
  readonly drafts: DraftStore;
  readonly scheduler: IdleScheduler;
  tabs: CrossTab;
  keepAlive: KeepAlive;
  coordinator: RefreshCoordinator;
  /** Whether this tab is visible / the app is in the foreground. */
  visible: () => boolean;
  state: SessionState;
  /** In memory only; never persisted. */
  accessToken: string | null;
  accessExpiresAt: number | null;
  /** When this tab received the current access token (client clock): its lifetime sets the proactive lead. */
  accessReceivedAt: number | null;
  /** Bearer transport only (mirrors SecureStorage). */
  refreshToken: string | null;
  /** Bumped whenever a new access token is set. */
  tokenSeq: number;
  /** Bumped on every sign-out or login: results of older refreshes are discarded. */
  generation: number;
  /** The user this tab last showed, kept after sign-out to detect a different user. */
  lastUserId: string | null;
  /** Sessions this tab saw end: late token broadcasts for them are ignored. */
  endedSessions: Set<string>;
  /** Token of a refresh that finished after logout: used only to send /logout. */
  orphanToken: string | null;
  disposed: boolean;
}
