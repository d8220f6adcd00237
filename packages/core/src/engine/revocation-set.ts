import type { RevocationReason } from '@tessera/protocol';
import type { RevokedSession } from '../store/session-store.ts';
import { LEEWAY_MS } from './constants.ts';

interface Entry {
  reason: RevocationReason;
  forgetAt: number;
}

/**
 * Revoked session ids known to this process, consulted by every access-token verification.
 * An entry is kept until no access token of the session can still be alive
 * (revokedAt + accessTtl + leeway), then pruned.
 */
export class RevocationSet {
  readonly #entries = new Map<string, Entry>();
  readonly #accessTtlMs: number;

  constructor(accessTtlMs: number) {
    this.#accessTtlMs = accessTtlMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  add(revoked: RevokedSession): void {
    const forgetAt = revoked.revokedAt + this.#accessTtlMs + LEEWAY_MS;
    const known = this.#entries.get(revoked.sessionId);
    if (known && known.forgetAt >= forgetAt) return;
    this.#entries.set(revoked.sessionId, { reason: revoked.reason, forgetAt });
  }

  /** The reason a session was revoked, or undefined when it is not (or no longer) listed. */
  reasonFor(sessionId: string, now: number): RevocationReason | undefined {
    const entry = this.#entries.get(sessionId);
    if (!entry) return undefined;
    if (now > entry.forgetAt) {
      this.#entries.delete(sessionId);
      return undefined;
    }
    return entry.reason;
  }

  prune(now: number): void {
    for (const [sessionId, entry] of this.#entries) {
      if (now > entry.forgetAt) this.#entries.delete(sessionId);
    }
  }
}
