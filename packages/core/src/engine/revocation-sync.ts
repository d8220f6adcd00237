import { StoreUnavailableError } from '../errors.ts';
import type { RevokedSession } from '../store/session-store.ts';
import { FEED_SAFETY_POLL_MS, LEEWAY_MS } from './constants.ts';
import type { KeyRing } from './key-ring.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import type { RevocationSet } from './revocation-set.ts';

/** Re-read a little of the past on every poll: writes in flight and small clock skew. */
const POLL_OVERLAP_MS = 5_000;
const MIN_STALENESS_MS = 5_000;

/**
 * Keeps the revocation set and key ring current: an initial load, the feed (if configured)
 * and periodic polling of the store. Knows when its state may be stale.
 */
export class RevocationSync {
  readonly #options: ResolvedOptions;
  readonly #revocations: RevocationSet;
  readonly #ring: KeyRing;
  readonly #pollIntervalMs: number;
  readonly #maxStalenessMs: number;
  #watermark = 0;
  #lastSuccessAt = 0;
  #failing = false;
  #pollStartedAt: number | null = null;
  #inflight: Promise<void> | null = null;
  /** Set while revocations published on the feed may have been lost (it was down). */
  #needsCatchUp = false;
  #catchUpEpoch = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(options: ResolvedOptions, revocations: RevocationSet, ring: KeyRing) {
    this.#options = options;
    this.#revocations = revocations;
    this.#ring = ring;
    this.#pollIntervalMs = options.revocationFeed
      ? Math.max(options.revocationPollIntervalMs, FEED_SAFETY_POLL_MS)
      : options.revocationPollIntervalMs;
    this.#maxStalenessMs = Math.max(3 * this.#pollIntervalMs, MIN_STALENESS_MS);
  }

  /** Loads revocations that may still matter, subscribes to the feed and starts polling. */
  async start(): Promise<void> {
    const now = this.#options.clock.now();
    const since = now - this.#options.accessTtlMs - LEEWAY_MS;
    this.#addAll(await this.#options.store.listRevokedSince(since, now));
    this.#watermark = now - POLL_OVERLAP_MS;
    this.#lastSuccessAt = now;
    const feed = this.#options.revocationFeed;
    if (feed) {
      this.#unsubscribe = await feed.subscribe(
        (revoked) => this.#revocations.add(revoked),
        () => this.#catchUp(),
      );
    }
    this.#timer = setInterval(() => void this.poll(), this.#pollIntervalMs);
    unref(this.#timer);
  }

  /** One poll of the store (revocations since the watermark, then the key list). */
  poll(): Promise<void> {
    this.#inflight ??= this.#pollOnce().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #pollOnce(): Promise<void> {
    const startedAt = this.#options.clock.now();
    const epoch = this.#catchUpEpoch;
    // Only a poll that starts while the feed is up covers what the feed lost while down.
    const feedUp = this.#options.revocationFeed?.isHealthy() ?? true;
    this.#pollStartedAt = startedAt;
    try {
      this.#addAll(await this.#options.store.listRevokedSince(this.#watermark, startedAt));
      await this.#ring.reload();
      this.#watermark = startedAt - POLL_OVERLAP_MS;
      this.#lastSuccessAt = startedAt;
      this.#failing = false;
      if (feedUp && epoch === this.#catchUpEpoch) this.#needsCatchUp = false;
      this.#revocations.prune(startedAt);
    } catch {
      this.#failing = true;
    } finally {
      this.#pollStartedAt = null;
    }
  }

  /**
   * Throws StoreUnavailableError when revocations may have been missed. After a feed outage it
   * returns a promise that first reads the store for what the feed lost (once, then back to the
   * synchronous fast path).
   */
  assertFresh(): void | Promise<void> {
    const feed = this.#options.revocationFeed;
    if (feed && !feed.isHealthy()) {
      this.#markMissed();
      throw new StoreUnavailableError('The revocation feed is disconnected');
    }
    if (this.#needsCatchUp) return this.#awaitCatchUp();
    const stuck = this.#failing || this.#pollStartedAt !== null;
    if (stuck && this.#options.clock.now() - this.#lastSuccessAt > this.#maxStalenessMs) {
      throw new StoreUnavailableError('Revocation state is stale: the store cannot be polled');
    }
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = undefined;
    if (unsubscribe) await unsubscribe();
  }

  async #awaitCatchUp(): Promise<void> {
    // The feed is back, but what it carried while down is lost: read the store first. A poll
    // already in flight may have started before the recovery, hence a second one.
    await this.poll();
    if (this.#needsCatchUp) await this.poll();
    if (this.#needsCatchUp) {
      throw new StoreUnavailableError('Revocation state is catching up after a feed outage');
    }
  }

  /** Revocations may have been missed on the feed: the next successful poll must cover them. */
  #catchUp(): void {
    this.#markMissed();
    void this.poll();
  }

  #markMissed(): void {
    this.#needsCatchUp = true;
    this.#catchUpEpoch++;
  }

  #addAll(revoked: readonly RevokedSession[]): void {
    for (const entry of revoked) this.#revocations.add(entry);
  }
}

/** Timers must not keep the process alive (Node); harmless elsewhere. */
export function unref(timer: unknown): void {
  const candidate = timer as { unref?: () => void };
  if (typeof candidate?.unref === 'function') candidate.unref();
}
