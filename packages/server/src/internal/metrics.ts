import type { Clock, SessionEngine } from '@tessera/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface AppMetrics {
  registry: Registry;
  loginFailures: Counter;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

/** How long a store count of live sessions is reused between scrapes (ms). */
const LIVE_COUNT_CACHE_MS = 10_000;

export interface LiveSessionCount {
  /** The store's count of live sessions (SessionStore.countLive). */
  count(now: number): Promise<number>;
  clock: Clock;
}

/**
 * One registry per app (never the global one, so several apps can live in one process).
 * `active_sessions`: with `liveCount` (a store that can count), the store's count at scrape
 * time, cached for 10 s. Otherwise it is derived from this instance's engine events: +1 on
 * created, -1 on revoked / expired; sessions that lapse unobserved are not subtracted, so with
 * several instances or long uptimes it is an estimate (floored at 0), not a store count.
 */
export function createMetrics(
  engine: SessionEngine,
  liveCount?: LiveSessionCount,
): { metrics: AppMetrics; stop: () => void } {
  const registry = new Registry();
  const created = new Counter({
    name: 'sessions_created_total',
    help: 'Sessions created (sign-ins).',
    registers: [registry],
  });
  const refreshed = new Counter({
    name: 'sessions_refreshed_total',
    help: 'Successful refresh-token rotations.',
    registers: [registry],
  });
  const revoked = new Counter({
    name: 'sessions_revoked_total',
    help: 'Sessions ended, by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const reuse = new Counter({
    name: 'refresh_reuse_detected_total',
    help: 'Refresh-token reuse detections (session revoked).',
    registers: [registry],
  });
  const loginFailures = new Counter({
    name: 'login_failures_total',
    help: 'Failed sign-in attempts (any cause).',
    registers: [registry],
  });
  const readLive = liveCount ? cachedLiveCount(liveCount) : null;
  const active = new Gauge({
    name: 'active_sessions',
    help: readLive
      ? 'Live sessions in the store (counted at scrape time, cached 10 s).'
      : 'Live sessions as observed by this instance (estimate).',
    registers: [registry],
    async collect() {
      if (readLive === null) return;
      const counted = await readLive();
      // A failed count keeps the event-based estimate rather than fail the scrape.
      active.set(counted ?? live);
    },
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  let live = 0;
  const adjust = (delta: number) => {
    live = Math.max(0, live + delta);
    active.set(live);
  };
  const offs = [
    engine.on('created', () => {
      created.inc();
      adjust(1);
    }),
    engine.on('refreshed', () => refreshed.inc()),
    engine.on('revoked', (e) => {
      revoked.inc({ reason: e.reason });
      adjust(-1);
    }),
    engine.on('expired', () => adjust(-1)),
    engine.on('reuse_detected', () => reuse.inc()),
  ];
  const stop = () => {
    for (const off of offs) off();
  };
  return { metrics: { registry, loginFailures, httpDuration }, stop };
}

/** The store count, reused for LIVE_COUNT_CACHE_MS; null when the store cannot answer. */
function cachedLiveCount(source: LiveSessionCount): () => Promise<number | null> {
  let cached: { value: number; at: number } | null = null;
  return async () => {
    const now = source.clock.now();
    if (cached !== null && now - cached.at < LIVE_COUNT_CACHE_MS) return cached.value;
    try {
      cached = { value: await source.count(now), at: now };
      return cached.value;
    } catch {
      return null;
    }
  };
}
