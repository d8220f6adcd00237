/**
 * Offset between the server's clock and this client's (offset = serverTime − receive time).
 * Server deadlines are converted to the client clock with it, so a wrong device clock does
 * not fire the idle warning early or late.
 */
export interface ClockOffset {
  readonly now: () => number;
  /** Records a server timestamp (ISO 8601) received at client time `receivedAt`. */
  observe(serverTime: string | null | undefined, receivedAt?: number): void;
  /** A server timestamp (ISO 8601) on the client's clock, ms; null when unparsable. */
  toClient(serverTime: string | null | undefined): number | null;
  offset(): number;
}

export function createClockOffset(now: () => number): ClockOffset {
  let offset = 0;
  return {
    now,
    observe(serverTime, receivedAt = now()) {
      const t = serverTime ? Date.parse(serverTime) : Number.NaN;
      if (Number.isFinite(t)) offset = t - receivedAt;
    },
    toClient(serverTime) {
      const t = serverTime ? Date.parse(serverTime) : Number.NaN;
      return Number.isFinite(t) ? t - offset : null;
    },
    offset: () => offset,
  };
}
