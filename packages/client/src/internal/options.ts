import { memoryStorage } from '../storage.ts';
import type {
  ChannelLike,
  DocumentLike,
  EventTargetLike,
  KeyValueStorage,
  LifecycleSource,
  LockManagerLike,
  SecureStorage,
  SessionClientOptions,
} from '../types.ts';

export interface ResolvedOptions {
  baseUrl: string;
  transport: 'cookie' | 'bearer';
  storage: SecureStorage;
  fetch: typeof fetch;
  now: () => number;
  warningLeadMs: number;
  keepAliveIntervalMs: number;
  requestTimeoutMs: number;
  lifecycle: LifecycleSource | undefined;
  channelName: string;
  locks: LockManagerLike | null;
  createChannel: ((name: string) => ChannelLike) | null | undefined;
  reload: () => void;
  draftStorage: KeyValueStorage | null | undefined;
  window: EventTargetLike | null;
  document: DocumentLike | null;
  maxRefreshAttempts: number;
  refreshWindowMs: number;
  lockTimeoutMs: number;
}

/** WCAG 2.2.1 needs time to react: the warning never comes later than 30 s before the end. */
const MIN_WARNING_LEAD_MS = 30_000;

type Browserish = {
  window?: EventTargetLike;
  document?: DocumentLike;
  navigator?: { locks?: LockManagerLike };
  location?: { reload(): void };
};

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Invalid option ${name}: expected a positive number of milliseconds`);
  }
  return value;
}

/** Applies defaults once, validates, and names the offending option on misuse. */
export function resolveOptions(o: SessionClientOptions): ResolvedOptions {
  if (typeof o.baseUrl !== 'string')
    throw new TypeError('Invalid option baseUrl: expected a string');
  if (o.transport !== 'cookie' && o.transport !== 'bearer') {
    throw new TypeError("Invalid option transport: expected 'cookie' or 'bearer'");
  }
  const g = globalThis as Browserish;
  const fetchFn = o.fetch ?? globalThis.fetch;
  return {
    baseUrl: o.baseUrl,
    transport: o.transport,
    storage: o.storage ?? memoryStorage(),
    fetch: (input, init) => fetchFn(input, init),
    now: o.now ?? Date.now,
    warningLeadMs: Math.max(
      MIN_WARNING_LEAD_MS,
      positive('warningLeadMs', o.warningLeadMs, 120_000),
    ),
    keepAliveIntervalMs: positive('keepAliveIntervalMs', o.keepAliveIntervalMs, 60_000),
    requestTimeoutMs: positive('requestTimeoutMs', o.requestTimeoutMs, 15_000),
    lifecycle: o.lifecycle,
    channelName: o.channelName ?? 'tessera',
    locks: o.locks === undefined ? (g.navigator?.locks ?? null) : o.locks,
    createChannel: o.createChannel,
    reload: o.reload ?? (() => g.location?.reload()),
    draftStorage: o.draftStorage,
    window: o.window === undefined ? (g.window ?? null) : o.window,
    document: o.document === undefined ? (g.document ?? null) : o.document,
    maxRefreshAttempts: o.refreshBreaker?.maxAttempts ?? 3,
    refreshWindowMs: o.refreshBreaker?.windowMs ?? 30_000,
    lockTimeoutMs: positive('lockTimeoutMs', o.lockTimeoutMs, 10_000),
  };
}
