import type { LruCache } from '../internal/lru-cache.ts';
import type { SessionRecord } from '../store/session-record.ts';
import type { ActivityBuffer } from './activity-buffer.ts';
import type { EventHub } from './events.ts';
import type { KeyRing } from './key-ring.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import type { RevocationSet } from './revocation-set.ts';
import type { AccessTokenClaims } from './types.ts';

/** Everything the engine's operations share. Built once by createSessionEngine. */
export interface EngineContext {
  readonly options: ResolvedOptions;
  readonly ring: KeyRing;
  readonly revocations: RevocationSet;
  readonly activity: ActivityBuffer;
  readonly events: EventHub;
  /** Sessions whose `expired` event was already emitted (so it is emitted once). */
  readonly expiredSeen: LruCache<string, true>;
  /** Verified access tokens → their (frozen) claims. */
  readonly verifyCache: LruCache<string, Readonly<AccessTokenClaims>>;
  /** Sessions as this process last wrote them, for refreshes that skip the read (no data). */
  readonly snapshots: LruCache<string, SessionRecord>;
  /** Resolves once keys and recent revocations are loaded (starts on first use). */
  ready(): Promise<void>;
  /** Throws StoreUnavailableError when revocation state may be stale. */
  assertFresh(): void | Promise<void>;
}
