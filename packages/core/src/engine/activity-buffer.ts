import type { TouchInput } from '../store/session-store.ts';

interface Pending {
  /** Latest real (non-passive) activity, or 0 when only passive requests were seen. */
  lastActiveAt: number;
  requestCount: number;
  bytesSent: number;
}

/**
 * Coalesces activity per session in memory; the engine writes it to the store in one
 * `touch` batch per interval. Passive activity counts requests and bytes but never slides
 * the idle deadline (lastActiveAt 0 is a no-op under the TouchInput rules).
 */
export class ActivityBuffer {
  #pending = new Map<string, Pending>();

  get size(): number {
    return this.#pending.size;
  }

  record(sessionId: string, now: number, bytesSent: number, passive: boolean): void {
    let entry = this.#pending.get(sessionId);
    if (!entry) {
      entry = { lastActiveAt: 0, requestCount: 0, bytesSent: 0 };
      this.#pending.set(sessionId, entry);
    }
    entry.requestCount += 1;
    entry.bytesSent += bytesSent;
    if (!passive) entry.lastActiveAt = Math.max(entry.lastActiveAt, now);
  }

  /** Latest real activity not yet written for the session (0 when none). */
  pendingLastActiveAt(sessionId: string): number {
    return this.#pending.get(sessionId)?.lastActiveAt ?? 0;
  }

  /** Removes and returns everything pending (or one session's entry). */
  take(sessionId?: string): TouchInput[] {
    if (sessionId !== undefined) {
      const entry = this.#pending.get(sessionId);
      if (!entry) return [];
      this.#pending.delete(sessionId);
      return [{ sessionId, ...entry }];
    }
    const all = this.#pending;
    this.#pending = new Map();
    return [...all].map(([id, entry]) => ({ sessionId: id, ...entry }));
  }

  /** Puts entries back after a failed write, merged with anything recorded meanwhile. */
  restore(inputs: readonly TouchInput[]): void {
    for (const input of inputs) {
      const entry = this.#pending.get(input.sessionId);
      if (!entry) {
        this.#pending.set(input.sessionId, {
          lastActiveAt: input.lastActiveAt,
          requestCount: input.requestCount,
          bytesSent: input.bytesSent,
        });
        continue;
      }
      entry.lastActiveAt = Math.max(entry.lastActiveAt, input.lastActiveAt);
      entry.requestCount += input.requestCount;
      entry.bytesSent += input.bytesSent;
    }
  }
}
